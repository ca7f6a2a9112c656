package dev.domainagents.launcher;

import dev.domainagents.core.testkit.HttpClientForTests;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The invariants API.md promises a client, checked on a platform at rest against its
 * database and its HTTP API: every accepted order terminal, one order per idempotency key,
 * stock exact, a payment captured if and only if its order is confirmed, and at most once.
 */
final class OrderFlowInvariants {
    private final String jdbcUrl;
    private final HttpClientForTests http;

    OrderFlowInvariants(String jdbcUrl, HttpClientForTests http) {
        this.jdbcUrl = jdbcUrl;
        this.http = http;
    }

    /** Waits until each of {@code ordersByKey}'s orders is terminal, then checks every invariant. */
    void assertHold(Map<String, String> ordersByKey, Map<String, Integer> stockSet, Duration timeout)
            throws SQLException {
        Set<String> orderIds = new HashSet<>(ordersByKey.values());
        assertThat(orderIds).as("one order per idempotency key").hasSize(ordersByKey.size());
        await("every accepted order terminal").atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> count("SELECT count(*) FROM order_view WHERE status IN ('CONFIRMED', 'CANCELLED')") == orderIds.size());
        // an order is terminal before the saga's last commands (commit or release the stock) are done
        await("at rest: every saga completed, the outbox empty").atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> count("SELECT count(*) FROM sagas WHERE NOT completed") + count("SELECT count(*) FROM outbox") == 0);
        assertThat(strings("SELECT order_id FROM order_view")).as("the orders stored are exactly those accepted")
                .containsExactlyInAnyOrderElementsOf(orderIds);
        Map<String, String> keysStored = pairs("SELECT idempotency_key, order_id FROM order_idempotency_keys");
        assertThat(keysStored).as("each key maps to the order its client was answered").isEqualTo(ordersByKey);

        Set<String> confirmed = new HashSet<>(strings("SELECT order_id FROM order_view WHERE status = 'CONFIRMED'"));
        Map<String, String> captures = pairs("SELECT substring(stream_id FROM 9), count(*)::text FROM events "
                + "WHERE type = 'payment.captured' GROUP BY stream_id");
        assertThat(captures.keySet()).as("a payment captured for exactly the confirmed orders").isEqualTo(confirmed);
        assertThat(Set.copyOf(captures.values())).as("no payment captured twice").allMatch("1"::equals);

        Map<String, String> sold = pairs("SELECT item->>'sku', sum((item->>'quantity')::int)::text FROM order_view, "
                + "jsonb_array_elements(items) item WHERE status = 'CONFIRMED' GROUP BY 1");
        stockSet.forEach((sku, set) -> {
            JsonObject stock = http.get("/stock/" + sku).json();
            int confirmedQuantity = Integer.parseInt(sold.getOrDefault(sku, "0"));
            assertThat(stock.getInteger("reserved")).as(sku + " reserved at rest").isZero();
            assertThat(stock.getInteger("available")).as(sku + " available = set - confirmed").isEqualTo(set - confirmedQuantity);
        });
    }

    long count(String sql) throws SQLException {
        return Long.parseLong(strings(sql).iterator().next());
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private Map<String, String> pairs(String sql) throws SQLException {
        Map<String, String> values = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.put(rows.getString(1), rows.getString(2));
            }
        }
        return values;
    }
}
