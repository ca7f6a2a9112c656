package dev.domainagents.launcher.bench;

import dev.domainagents.core.testkit.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Optional;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bench driven against a stand-in of the order routes ({@link FakeOrderApi}) over real HTTP,
 * as with {@code --url}: what it sets, counts and reports, and its exit code. No figure is
 * asserted.
 */
class BenchTest {
    private static final int ORDERS = 40;
    private static final PlatformStarter NO_LOCAL_PLATFORM = dataDir -> {
        throw new AssertionError("the bench was given a --url");
    };

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final StringWriter out = new StringWriter();
    private FakeOrderApi api;

    @AfterEach
    void close() {
        await(api.close());
        await(vertx.close());
    }

    @Test
    void everyOrderSeenTerminalOnItsStreamIsReportedWithWhatItCostAndExitsZero() {
        api = await(FakeOrderApi.start(vertx, true, 202));

        int code = bench(new BenchOptions(ORDERS, 0, 8, Optional.of(api.url()), Optional.of(TestPostgres.freshDatabase()),
                Duration.ofSeconds(1)));

        assertThat(code).as(out.toString()).isZero();
        assertThat(api.stock).hasSize(OrderLoad.SKUS).containsEntry("BENCH-01", ORDERS).containsEntry("BENCH-16", ORDERS);
        assertThat(row("confirmed / cancelled")).endsWith("| " + ORDERS + " / 0");
        assertThat(row("POST failed / not terminal")).endsWith("| 0 / 0");
        assertThat(row("terminal seen on the order's event stream / by polling")).endsWith("| " + ORDERS + " / 0");
        assertThat(row("event-bus messages per order")).endsWith("| 4.0 (3.0 sent + 1.0 published); 4.0 net of the idle platform's 0.0 msgs/s");
        assertThat(row("PostgreSQL transactions per order")).doesNotContain("n/a");
        assertThat(row("orders/s ÷ insert tx/s")).doesNotContain("n/a");
        assertThat(row("PostgreSQL ")).contains("fsync=", "synchronous_commit=", "full_page_writes=");
        assertThat(row("POST latency p50 / p95 / p99")).contains(" ms");
        assertThat(out.toString()).contains("Result: OK");
    }

    @Test
    void platformWithoutEventStreamsIsPolledAndWithoutItsDatabaseTheDatabaseFiguresAreNotAvailable() {
        api = await(FakeOrderApi.start(vertx, false, 202));

        int code = bench(new BenchOptions(ORDERS, 0, 8, Optional.of(api.url()), Optional.empty(), Duration.ofSeconds(1)));

        assertThat(code).as(out.toString()).isZero();
        assertThat(row("terminal seen on the order's event stream / by polling")).endsWith("| 0 / " + ORDERS);
        assertThat(row("baseline: raw single-row insert transactions")).endsWith("| n/a");
        assertThat(row("PostgreSQL transactions per order")).endsWith("| n/a");
        assertThat(row("orders/s ÷ event-bus msgs/s")).doesNotContain("n/a");
    }

    @Test
    void refusedOrdersFailTheRunWithExitOneSayingHowManyAndWhy() {
        api = await(FakeOrderApi.start(vertx, true, 503));

        int code = bench(new BenchOptions(10, 0, 4, Optional.of(api.url()), Optional.empty(), Duration.ofSeconds(1)));

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("Result: FAILED, 10 POST(s) failed, 0 order(s) not terminal",
                "POST /orders answered 503");
    }

    @Test
    void unreachablePlatformIsExitOne() {
        api = await(FakeOrderApi.start(vertx, true, 202));
        await(api.close());

        int code = bench(new BenchOptions(10, 0, 4, Optional.of(api.url()), Optional.empty(), Duration.ofSeconds(1)));

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("bench: could not run:");
    }

    private int bench(BenchOptions options) {
        return new Bench(NO_LOCAL_PLATFORM, new PrintWriter(out, true)).run(options);
    }

    /** The report's table row that starts with {@code measure}, trimmed of its padding. */
    private String row(String measure) {
        return out.toString().lines().filter(line -> line.startsWith("| " + measure)).findFirst()
                .map(line -> line.replaceAll("\\s+\\|$", "").replaceAll("\\s+\\|\\s+", " | "))
                .orElseThrow(() -> new AssertionError("no row " + measure + " in\n" + out));
    }
}
