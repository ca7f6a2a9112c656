package dev.domainagents.launcher;

import dev.domainagents.core.testkit.HttpClientForTests.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A live node's {@code /metrics} after an order confirmed and a payment dead-lettered: Prometheus'
 * linter finds nothing in it (JVM and process meters included), every metric has its HELP text,
 * and the gauges alerting needs are there.
 */
class MetricsExpositionTest {
    private static final String JSON = "application/json";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    @Test
    void aLiveNodesMetricsPassPromtoolAndCarryTheAlertingGauges() throws Exception {
        JsonObject config = new JsonObject()
                .put("order", new JsonObject().put("saga", new JsonObject().put("stepTimeoutMs", 600_000)))
                .put("agents", new JsonObject().put("payment", new JsonObject().put("retry", new JsonObject()
                        .put("maxAttempts", 2).put("initialDelayMs", 10).put("maxDelayMs", 20).put("multiplier", 2.0).put("jitter", 0.1))));
        try (LaunchedPlatform platform = LaunchedPlatform.start(temp, config)) {
            assertThat(platform.http().put("/stock/SKU-M", new JsonObject().put("available", 10).encode(), "Content-Type", JSON)
                    .status()).isEqualTo(200);
            assertThat(placeOrder(platform, "?wait=10000").json().getString("status")).isEqualTo("CONFIRMED");
            platform.http().put("/admin/payment-gateway", new JsonObject().put("failureRate", 1.0).put("latencyMs", 0).encode(),
                    "Content-Type", JSON);
            placeOrder(platform, "");
            // the order above ends at once (its dead authorization cancels it): a saga left open by hand stands for one waiting
            platform.query("INSERT INTO sagas (saga, correlation_id, state, step, completed) "
                    + "VALUES ('order-saga', 'waiting-by-hand', '{}', 'AUTHORIZING', false)");

            await().atMost(WAIT).until(() -> metrics(platform).contains("dead_letters{agent=\"payment\",status=\"DEAD\"} 1.0")
                    && metrics(platform).contains("sagas_oldest_open_age_seconds{saga=\"order-saga\",step=\"AUTHORIZING\"}"));
            String exposition = metrics(platform);

            assertThat(Promtool.problemsIn(exposition)).isEmpty();
            assertThat(exposition.lines().filter(line -> line.startsWith("# HELP ")))
                    .as("HELP lines without text").noneMatch(help -> help.split(" ", 4).length < 4 || help.split(" ", 4)[3].isBlank());
            for (String gauge : List.of("outbox_backlog", "outbox_oldest_age_seconds",
                    "sagas_open{saga=\"order-saga\",step=", "sagas_oldest_open_age_seconds{saga=\"order-saga\",step=",
                    "subscription_lag_events{subscription=\"order-saga\"}", "subscription_lag_seconds{subscription=\"order-saga\"}",
                    "process_cpu_seconds_total", "jvm_compilation_seconds_total", "system_cpu_processors")) {
                assertThat(Pattern.compile("^" + Pattern.quote(gauge), Pattern.MULTILINE).matcher(exposition).find())
                        .as("%s in /metrics", gauge).isTrue();
            }
        }
    }

    private static Response placeOrder(LaunchedPlatform platform, String query) {
        String order = new JsonObject().put("customerId", "c-metrics").put("paymentMethod", "card-ok")
                .put("items", new JsonArray().add(new JsonObject().put("sku", "SKU-M").put("quantity", 1).put("unitPrice", "2.50")))
                .encode();
        Response placed = platform.http().post("/orders" + query, order, "Content-Type", JSON);
        assertThat(placed.status()).isIn(200, 202);
        return placed;
    }

    private static String metrics(LaunchedPlatform platform) {
        Response scraped = platform.http().get("/metrics");
        assertThat(scraped.status()).isEqualTo(200);
        return scraped.body();
    }
}
