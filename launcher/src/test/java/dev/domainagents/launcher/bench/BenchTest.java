package dev.domainagents.launcher.bench;

import dev.domainagents.launcher.LaunchedPlatform;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bench driven against a real platform over HTTP, as with {@code --url} and {@code --db-url}:
 * what it sets, counts and reports, and its exit code. No figure is asserted.
 */
class BenchTest {
    private static final int ORDERS = 40;
    private static final PlatformStarter NO_LOCAL_PLATFORM = dataDir -> {
        throw new AssertionError("the bench was given a --url");
    };

    @TempDir
    Path temp;
    private final StringWriter out = new StringWriter();

    @Test
    void everyOrderSeenTerminalIsReportedWithWhatItCostAndExitsZero() throws Exception {
        try (LaunchedPlatform platform = LaunchedPlatform.start(temp, new JsonObject())) {
            URI url = URI.create("http://127.0.0.1:" + platform.node().httpPort());

            int code = bench(new BenchOptions(ORDERS, 10, 8, Optional.of(url), Optional.of(platform.node().database()),
                    Duration.ofSeconds(1)));

            assertThat(code).as(out.toString()).isZero();
            assertThat(platform.http().get("/stock/BENCH-01").json().getInteger("reserved")).isZero();
        }
        assertThat(row("confirmed / cancelled")).endsWith("| " + ORDERS + " / 0");
        assertThat(row("POST failed / not terminal")).endsWith("| 0 / 0");
        assertThat(row("terminal seen on the order's event stream / by polling")).endsWith("| " + ORDERS + " / 0");
        assertThat(row("event-bus messages per order")).doesNotContain("n/a");
        assertThat(row("PostgreSQL transactions per order")).doesNotContain("n/a");
        assertThat(row("orders/s ÷ insert tx/s")).doesNotContain("n/a");
        assertThat(row("PostgreSQL ")).contains("fsync=", "synchronous_commit=", "full_page_writes=");
        assertThat(row("POST latency p50 / p95 / p99")).contains(" ms");
        assertThat(out.toString()).contains("Result: OK");
    }

    @Test
    void unreachablePlatformIsExitOne() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }

        int code = bench(new BenchOptions(10, 0, 4, Optional.of(URI.create("http://127.0.0.1:" + port)), Optional.empty(),
                Duration.ofSeconds(1)));

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("bench: could not run:");
    }

    @Test
    void platformWithAnAdminTokenIsMeasuredWithItAndRefusesTheStockWithoutIt() throws Exception {
        String token = "bench-token-" + System.nanoTime();
        try (LaunchedPlatform platform = LaunchedPlatform.start(temp, new JsonObject(), Map.of("DOMAIN_AGENTS_ADMIN__TOKEN", token))) {
            BenchOptions options = new BenchOptions(10, 0, 4, Optional.of(URI.create("http://127.0.0.1:" + platform.node().httpPort())),
                    Optional.empty(), Duration.ofSeconds(1));

            int withoutToken = bench(options);
            assertThat(withoutToken).isEqualTo(1);
            // the 16 SKUs are set concurrently: whichever answers first is reported
            assertThat(out.toString()).containsPattern("PUT /stock/BENCH-\\d\\d answered 401");

            out.getBuffer().setLength(0);
            int withToken = new Bench(NO_LOCAL_PLATFORM, new PrintWriter(out, true), Optional.of(token)).run(options);
            assertThat(withToken).as(out.toString()).isZero();
            assertThat(row("confirmed / cancelled")).endsWith("| 10 / 0");
        }
    }

    private int bench(BenchOptions options) {
        return new Bench(NO_LOCAL_PLATFORM, new PrintWriter(out, true), Optional.empty()).run(options);
    }

    /** The report's table row that starts with {@code measure}, trimmed of its padding. */
    private String row(String measure) {
        return out.toString().lines().filter(line -> line.startsWith("| " + measure)).findFirst()
                .map(line -> line.replaceAll("\\s+\\|$", "").replaceAll("\\s+\\|\\s+", " | "))
                .orElseThrow(() -> new AssertionError("no row " + measure + " in\n" + out));
    }
}
