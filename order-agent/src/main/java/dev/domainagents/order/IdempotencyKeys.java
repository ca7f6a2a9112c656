package dev.domainagents.order;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;

/**
 * The idempotency keys of placed orders, claimed in the placing transaction. Two requests
 * with one key racing in two transactions: the unique key makes the second wait for the
 * first to commit, and then it finds the first's claim (PostgreSQL's read committed takes a
 * fresh snapshot per statement).
 */
final class IdempotencyKeys {
    private static final String CLAIM = """
            INSERT INTO order_idempotency_keys (idempotency_key, fingerprint, order_id) VALUES ($1, $2, $3)
            ON CONFLICT (idempotency_key) DO NOTHING
            """;
    private static final String FIND = "SELECT fingerprint, order_id FROM order_idempotency_keys WHERE idempotency_key = $1";

    /** Who holds a key: the order it placed and the fingerprint of the request that placed it. */
    record Claim(String orderId, String fingerprint) {
    }

    /** Claims {@code key} for {@code orderId}; answers the earlier claim if the key was taken, else empty. */
    Future<Optional<Claim>> claim(SqlConnection sql, String key, String fingerprint, String orderId) {
        return sql.preparedQuery(CLAIM).execute(Tuple.of(key, fingerprint, orderId)).compose(inserted -> inserted.rowCount() == 1
                ? Future.succeededFuture(Optional.empty())
                : sql.preparedQuery(FIND).execute(Tuple.of(key)).map(rows -> {
                    Row row = rows.iterator().next();
                    return Optional.of(new Claim(row.getString("order_id"), row.getString("fingerprint")));
                }));
    }
}
