package dev.domainagents.launcher.bench;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the platform has done so far, read before and after a phase so that the difference is
 * what the phase cost: committed transactions of its database
 * ({@code pg_stat_database.xact_commit}, when the bench knows the database) and messages on its
 * event bus, as vertx-micrometer counts them in the node's {@code /metrics}: sent point to point
 * ({@value #SENT}, requests included; replies are not counted there) and published
 * ({@value #PUBLISHED}). PostgreSQL updates its statistics a little late (a connection reports at
 * most every half second), so read the closing snapshot after a pause.
 */
final class PlatformCounters {
    static final String SENT = "vertx_eventbus_sent_total";
    static final String PUBLISHED = "vertx_eventbus_published_total";

    /** One reading, taken at {@code atNanos} ({@link System#nanoTime()}); empty where a count is not available. */
    record Snapshot(long atNanos, OptionalDouble transactions, OptionalDouble sent, OptionalDouble published) {

        /** What happened between {@code before} and this snapshot. */
        Counts since(Snapshot before) {
            return new Counts(Duration.ofNanos(atNanos - before.atNanos), minus(transactions, before.transactions),
                    minus(sent, before.sent), minus(published, before.published));
        }

        private static OptionalDouble minus(OptionalDouble after, OptionalDouble before) {
            return after.isPresent() && before.isPresent()
                    ? OptionalDouble.of(after.getAsDouble() - before.getAsDouble()) : OptionalDouble.empty();
        }
    }

    /** Counts over a span of time; empty where a count is not available. */
    record Counts(Duration over, OptionalDouble transactions, OptionalDouble sent, OptionalDouble published) {

        /** Event-bus messages: sent plus published. */
        OptionalDouble messages() {
            return sent.isPresent() && published.isPresent()
                    ? OptionalDouble.of(sent.getAsDouble() + published.getAsDouble()) : OptionalDouble.empty();
        }
    }

    private final PlatformClient client;
    private final Optional<Pool> database;

    PlatformCounters(PlatformClient client, Optional<Pool> database) {
        this.client = client;
        this.database = database;
    }

    Future<Snapshot> read() {
        Future<OptionalDouble> transactions = database.map(PlatformCounters::commits)
                .orElse(Future.succeededFuture(OptionalDouble.empty()));
        Future<String> metrics = client.metrics().recover(failure -> Future.succeededFuture(""));
        return Future.all(transactions, metrics).map(both -> new Snapshot(System.nanoTime(), transactions.result(),
                PrometheusText.sum(metrics.result(), SENT), PrometheusText.sum(metrics.result(), PUBLISHED)));
    }

    private static Future<OptionalDouble> commits(Pool pool) {
        return pool.query("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()").execute()
                .map(rows -> {
                    Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
                    return row == null ? OptionalDouble.empty() : OptionalDouble.of(row.getLong(0));
                });
    }
}
