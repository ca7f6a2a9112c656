package dev.domainagents.launcher.bench;

import dev.domainagents.core.store.Databases;
import dev.domainagents.core.store.PgSettings;
import dev.domainagents.launcher.Waiting;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs the benchmark: the platform (started here on a fresh embedded database, or the one at
 * {@code --url}), the stock, the platform's counters while idle, the order phase with the
 * counters read around it, then the two baselines on this machine, and prints the
 * {@link BenchReport}. The driver runs on the calling thread and only waits, bounded, on futures;
 * every HTTP and SQL call is asynchronous, on a Vert.x of the bench's own (not the platform's).
 */
public final class Bench {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration WARMUP = Duration.ofSeconds(1);
    /** Lets PostgreSQL's statistics catch up before the second reading of the counters. */
    private static final Duration SETTLE = Duration.ofMillis(1500);
    /** How long the platform's own background work (polling) is counted before the orders, to tell it apart. */
    private static final Duration IDLE = Duration.ofSeconds(2);

    private final PlatformStarter starter;
    private final PrintWriter out;
    private final Optional<String> adminToken;

    /**
     * {@code adminToken}: the admin token of the platform at {@code --url}, which setting the stock
     * needs ({@code DOMAIN_AGENTS_ADMIN__TOKEN}, as for the platform itself); a platform started
     * here has none.
     */
    public Bench(PlatformStarter starter, PrintWriter out, Optional<String> adminToken) {
        this.starter = starter;
        this.out = out;
        this.adminToken = adminToken;
    }

    /** 0 if every order was accepted and seen terminal, 1 otherwise or if the run could not be made. */
    public int run(BenchOptions options) {
        try {
            if (options.url().isPresent()) {
                return measure(options, new Target(options.url().get(), options.database(),
                        "the running platform at " + options.url().get()), adminToken);
            }
            progress("starting every agent in this JVM on a fresh embedded PostgreSQL");
            try (LocalPlatform platform = LocalPlatform.start(starter)) {
                PgSettings database = platform.node().database();
                return measure(options, new Target(platform.url(), Optional.of(database), "in this JVM: every agent "
                        + "(config/dev.json with config/bench.json over it), " + platform.url() + ", "
                        + database.poolSize() + " database connections"), Optional.empty());
            }
        } catch (Exception e) {
            out.println("bench: could not run: " + message(e));
            out.flush();
            return 1;
        }
    }

    private int measure(BenchOptions options, Target target, Optional<String> token) throws Exception {
        Vertx vertx = Vertx.vertx();
        PlatformClient client = new PlatformClient(vertx, target.url(), 2 * options.concurrency(), token);
        Optional<Pool> database = target.database().map(settings -> Databases.pool(vertx, new PgSettings(settings.host(),
                settings.port(), settings.database(), settings.user(), settings.password(), 1)));
        try {
            progress("measuring " + target.url());
            Waiting.await(client.health(), CALL_TIMEOUT);
            Optional<PostgresFacts> postgres = database.isEmpty() ? Optional.empty()
                    : Optional.of(Waiting.await(PostgresFacts.read(database.get(), target.database().get()), CALL_TIMEOUT));
            progress("setting the stock of " + OrderLoad.SKUS + " SKUs");
            Waiting.await(OrderLoad.stock(client, options.orders() + options.warmupOrders()), CALL_TIMEOUT);
            if (options.warmupOrders() > 0) {
                progress("warming up: " + options.warmupOrders() + " orders, left out of the figures");
                Waiting.await(new OrderLoad(vertx, client, options.warmupOrders()).run(options.concurrency()),
                        loadBound(options.warmupOrders(), options.concurrency()));
            }
            PlatformCounters counters = new PlatformCounters(client, database);
            progress("reading what the idle platform does in " + IDLE.toSeconds() + " s");
            PlatformCounters.Snapshot idleFrom = Waiting.await(counters.read(), CALL_TIMEOUT);
            Waiting.await(vertx.timer(IDLE.toMillis(), TimeUnit.MILLISECONDS), CALL_TIMEOUT);
            PlatformCounters.Snapshot before = Waiting.await(counters.read(), CALL_TIMEOUT);
            PlatformCounters.Counts idle = before.since(idleFrom);
            progress("placing " + options.orders() + " orders, " + options.concurrency() + " in flight");
            LoadResult load = Waiting.await(new OrderLoad(vertx, client, options.orders()).run(options.concurrency()),
                    loadBound(options.orders(), options.concurrency()));
            Waiting.await(vertx.timer(SETTLE.toMillis(), TimeUnit.MILLISECONDS), CALL_TIMEOUT);
            PlatformCounters.Counts cost = Waiting.await(counters.read(), CALL_TIMEOUT).since(before);
            progress("measuring raw event-bus request/reply");
            Optional<Rate> bus = baseline("the event-bus baseline",
                    () -> EventBusBaseline.measure(vertx, options.concurrency(), WARMUP, options.baseline()), options);
            Optional<Rate> inserts = Optional.empty();
            if (target.database().isPresent()) {
                progress("measuring raw single-row insert transactions");
                inserts = baseline("the insert baseline", () -> InsertBaseline.measure(vertx, target.database().get(),
                        options.concurrency(), WARMUP, options.baseline()), options);
            }
            new BenchReport(options, target, postgres, load, idle, cost, bus, inserts, WARMUP).print(out);
            return load.ok() ? 0 : 1;
        } finally {
            close(client.close(), database.map(Pool::close).orElse(Future.succeededFuture()), vertx);
        }
    }

    /** A baseline's rate; one that fails is reported and left out (n/a), keeping the order phase's figures. */
    private Optional<Rate> baseline(String name, Supplier<Future<Rate>> measurement, BenchOptions options) {
        try {
            return Optional.of(Waiting.await(measurement.get(), WARMUP.plus(options.baseline()).plus(CALL_TIMEOUT)));
        } catch (Exception e) {
            progress(name + " could not be measured: " + message(e));
            return Optional.empty();
        }
    }

    /** Every lane's worst case, one order after the other: a POST, the wait for terminal, a last look. */
    private static Duration loadBound(int orders, int concurrency) {
        long rounds = (orders + concurrency - 1L) / concurrency;
        Duration perOrder = PlatformClient.REQUEST_TIMEOUT.multipliedBy(2).plus(OrderLoad.TERMINAL_TIMEOUT);
        return perOrder.multipliedBy(rounds).plus(CALL_TIMEOUT);
    }

    /** Releases the bench's own clients and Vert.x; a failure to do so is reported, not thrown over the outcome. */
    private void close(Future<Void> client, Future<Void> database, Vertx vertx) {
        try {
            Waiting.await(Future.join(client, database).eventually(vertx::close), CALL_TIMEOUT);
        } catch (Exception e) {
            out.println("bench: cleanup incomplete: " + e);
            out.flush();
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private void progress(String step) {
        out.println("bench: " + step);
        out.flush();
    }
}
