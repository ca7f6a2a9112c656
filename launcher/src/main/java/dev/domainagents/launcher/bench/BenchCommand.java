package dev.domainagents.launcher.bench;

import dev.domainagents.core.store.PgSettings;
import io.vertx.pgclient.PgConnectOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code domain-agents bench}: parses and checks its flags into {@link BenchOptions} and hands
 * them to a {@link BenchRunner} ({@link Bench} in the real process). A bad flag is exit code 2,
 * as for the launch.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, version = "Domain Agents 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Measures the order flow end to end over HTTP, and two baselines on the same machine.",
                "Without --url: starts every agent in this JVM on a fresh embedded PostgreSQL (a temporary "
                        + "data directory, deleted afterwards; fsync, synchronous_commit and full_page_writes on), "
                        + "HTTP on a free port."},
        footerHeading = "%n",
        footer = {"It sets the stock of 16 bench SKUs (PUT /stock/BENCH-nn, an admin operation: with",
                "--url, give the platform's token in DOMAIN_AGENTS_ADMIN__TOKEN), then places the",
                "orders (POST /orders, one line each, paymentMethod card-ok); an order keeps",
                "its place in flight until it is seen CONFIRMED or CANCELLED (its stream",
                "GET /orders/{id}/events, else polling GET /orders/{id}). Then it measures",
                "raw event-bus request/reply and raw single-row insert transactions on the",
                "same PostgreSQL, with as many in flight.",
                "It prints the settings it ran with, orders/s (first POST sent to last order",
                "terminal), POST and placed-to-terminal latency p50/p95/p99, confirmed and",
                "cancelled counts, both baselines and the ratios to them, and what one order",
                "cost: PostgreSQL transactions (pg_stat_database.xact_commit) and event-bus",
                "messages (vertx_eventbus_sent_total + _published_total in /metrics).",
                "Exit codes: 0 every order accepted and seen terminal; 1 a POST failed, an",
                "order was not terminal 60 s after its POST was answered, or the run could",
                "not be made; 2 bad command line."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--orders", paramLabel = "N", defaultValue = "" + BenchOptions.DEFAULT_ORDERS,
            description = "Orders to place. Default: ${DEFAULT-VALUE}.")
    private int orders;

    @Option(names = "--warmup-orders", paramLabel = "W", defaultValue = "" + BenchOptions.DEFAULT_WARMUP_ORDERS,
            description = "Orders placed first, the same way, and left out of every figure, so that the JVM has "
                    + "compiled its hot paths. Default: ${DEFAULT-VALUE}.")
    private int warmupOrders;

    @Option(names = "--concurrency", paramLabel = "C", defaultValue = "" + BenchOptions.DEFAULT_CONCURRENCY,
            description = "Orders in flight at a time, from POST to terminal; also the requests and transactions "
                    + "in flight of the baselines. Default: ${DEFAULT-VALUE}.")
    private int concurrency;

    @Option(names = "--url", paramLabel = "URL",
            description = "A running platform to measure, e.g. http://host:8080, instead of one started in this JVM.")
    private String url;

    @Option(names = "--db-url", paramLabel = "URL",
            description = "With --url: that platform's PostgreSQL, postgresql://user:password@host:port/database, "
                    + "for the insert baseline and the transactions per order (n/a without it).")
    private String dbUrl;

    @Option(names = "--baseline-seconds", paramLabel = "S", defaultValue = "" + BenchOptions.DEFAULT_BASELINE_SECONDS,
            description = "How long each baseline is measured, after a 1 s warm-up. Default: ${DEFAULT-VALUE}.")
    private int baselineSeconds;

    private final BenchRunner runner;

    public BenchCommand(BenchRunner runner) {
        this.runner = runner;
    }

    @Override
    public Integer call() {
        return runner.run(options(), spec.commandLine().getOut());
    }

    private BenchOptions options() {
        require(orders >= 1, "--orders", orders, "at least 1");
        require(warmupOrders >= 0, "--warmup-orders", warmupOrders, "0 or more");
        require(concurrency >= 1 && concurrency <= 4096, "--concurrency", concurrency, "1 to 4096");
        require(baselineSeconds >= 1 && baselineSeconds <= 600, "--baseline-seconds", baselineSeconds, "1 to 600");
        require(dbUrl == null || url != null, "--db-url", dbUrl,
                "given only with --url (in this JVM the bench knows its own database)");
        return new BenchOptions(orders, warmupOrders, concurrency, Optional.ofNullable(url).map(this::platformUrl),
                Optional.ofNullable(dbUrl).map(this::databaseUrl), Duration.ofSeconds(baselineSeconds));
    }

    private URI platformUrl(String text) {
        try {
            URI uri = new URI(text);
            require(("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")) && uri.getQuery() == null,
                    "--url", text, "http://host:port (or https), no path");
            return uri;
        } catch (URISyntaxException e) {
            throw invalid("--url", text, "http://host:port");
        }
    }

    private PgSettings databaseUrl(String text) {
        try {
            require(text.startsWith("postgresql://") || text.startsWith("postgres://"), "--db-url", text,
                    "postgresql://user:password@host:port/database");
            PgConnectOptions parsed = PgConnectOptions.fromUri(text);
            return new PgSettings(parsed.getHost(), parsed.getPort(), parsed.getDatabase(), parsed.getUser(),
                    parsed.getPassword(), 1);
        } catch (IllegalArgumentException e) {
            throw invalid("--db-url", text, "postgresql://user:password@host:port/database");
        }
    }

    private void require(boolean valid, String flag, Object value, String expectation) {
        if (!valid) {
            throw invalid(flag, value, expectation);
        }
    }

    private ParameterException invalid(String flag, Object value, String expectation) {
        return new ParameterException(spec.commandLine(), "Invalid value for " + flag + ": " + value
                + " (expected " + expectation + ")");
    }
}
