package dev.domainagents.launcher;

import dev.domainagents.core.store.PgSettings;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several instances of an agent, as a node runs to use its cores (or as several nodes of a
 * cluster run): the bus hands each command to any instance, so instances write the same hot
 * streams at once and meet version conflicts. A conflict means another instance wrote first;
 * retried against the new state, the command goes through instead of using up its attempts
 * and landing in the dead letters. Orders on three SKUs from eight clients, with three stock
 * and two order instances: every order ends right, no command is dead-lettered for a conflict.
 */
class AgentInstancesTest {
    private static final Map<String, Integer> STOCK = Map.of("SKU-1", 120, "SKU-2", 5_000, "SKU-3", 5_000);
    private static final int ORDERS = 300;

    @TempDir
    Path dir;

    @Test
    void instancesRacingOnHotStreamsLoseNoCommandAndKeepTheInvariants() throws Exception {
        JsonObject instances = new JsonObject().put("agents", new JsonObject()
                .put("stock", new JsonObject().put("instances", 3))
                .put("order", new JsonObject().put("instances", 2)));
        try (LaunchedPlatform platform = LaunchedPlatform.start(dir, instances)) {
            STOCK.forEach((sku, available) -> assertThat(platform.http().put("/stock/" + sku,
                    new JsonObject().put("available", available).encode(), "Content-Type", "application/json").status())
                    .isEqualTo(200));
            try (OrderTraffic traffic = OrderTraffic.start(platform.http(), 8)) {
                await(ORDERS + " orders accepted").atMost(Duration.ofMinutes(1)).until(() -> traffic.accepted() >= ORDERS);
                traffic.finish();
                assertThat(traffic.errors()).isEmpty();
                new OrderFlowInvariants(jdbcUrl(platform.node().database()), platform.http())
                        .assertHold(traffic.ordersByKey(), STOCK, Duration.ofMinutes(1));
            }
            assertThat(platform.query("SELECT consumer, message_type, error FROM dead_letters WHERE error LIKE '%StreamVersionConflict%'")
                    .stream().map(row -> row.getString(0) + " " + row.getString(1) + ": " + row.getString(2)).toList())
                    .as("commands given up after losing races to other instances").isEmpty();
        }
    }

    private static String jdbcUrl(PgSettings database) {
        return "jdbc:postgresql://" + database.host() + ":" + database.port() + "/" + database.database();
    }
}
