package dev.domainagents.launcher.bench;

import dev.domainagents.core.store.Databases;
import dev.domainagents.core.store.PgSettings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.util.UUID;

/**
 * The raw database: single-row inserts into a scratch table, each in its own committed
 * transaction ({@code BEGIN}, {@code INSERT}, {@code COMMIT}, as the platform writes), with
 * {@code concurrency} transactions in flight on as many connections. Measures committed
 * transactions per second, the ceiling of anything that commits once per step on this server
 * with its settings. The table is created for the measurement and dropped after it, also when
 * the measurement fails.
 */
final class InsertBaseline {
    private static final String PAYLOAD = new JsonObject().put("orderId", "bench").put("status", "PENDING").encode();
    /** As many connections as a node's pool by default: more in flight wait for one, as the platform's do. */
    private static final int MAX_CONNECTIONS = 16;

    private InsertBaseline() {
    }

    /** Measures on {@code database}; call it from outside the event loops, so that
     * the transactions get a context of their own. */
    static Future<Rate> measure(Vertx vertx, PgSettings database, int concurrency, Duration warmup,
                                       Duration window) {
        Context context = vertx.getOrCreateContext();
        String table = "bench_scratch_" + UUID.randomUUID().toString().replace("-", "");
        Pool pool = Databases.pool(vertx, new PgSettings(database.host(), database.port(), database.database(),
                database.user(), database.password(), Math.min(concurrency, MAX_CONNECTIONS)));
        // a table name is an identifier, which cannot be a bound parameter: this one is made here of
        // letters and hex digits only, never taken from input
        String insert = "INSERT INTO " + table + " (payload) VALUES ($1::jsonb)";
        return pool.query("CREATE TABLE " + table + " (id bigserial PRIMARY KEY, payload jsonb NOT NULL, "
                        + "created_at timestamptz NOT NULL DEFAULT now())").execute()
                .compose(created -> Throughput.measure(context, concurrency, warmup, window,
                                () -> pool.withTransaction(connection -> connection.preparedQuery(insert).execute(Tuple.of(PAYLOAD))))
                        .eventually(() -> pool.query("DROP TABLE IF EXISTS " + table).execute()))
                .eventually(pool::close);
    }
}
