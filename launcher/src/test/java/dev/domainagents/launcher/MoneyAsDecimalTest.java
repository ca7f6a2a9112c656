package dev.domainagents.launcher;

import dev.domainagents.core.testkit.HttpClientForTests.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Money is a decimal string end to end: amounts that binary floating point cannot hold
 * ({@code 0.10} loses its scale, a 17-digit total its last digits) come out of the event store,
 * the saga's state, the payment command and {@code GET /admin/dlq} exactly as they went in,
 * and PostgreSQL's JSON holds them as strings.
 */
class MoneyAsDecimalTest {
    private static final String JSON = "application/json";
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** unit price, quantity, and the order's total */
    private static final List<String[]> ORDERS = List.of(
            new String[] {"0.10", "1", "0.10"},
            new String[] {"12345678.91", "1", "12345678.91"},
            new String[] {"999999999.99", "10000", "9999999999900.00"}); // past the old order_view column too

    @TempDir
    Path temp;

    @Test
    void amountsRoundTripExactThroughEventsSagaStatePaymentCommandsAndTheDeadLetters() throws Exception {
        JsonObject config = new JsonObject()
                .put("order", new JsonObject().put("saga", new JsonObject().put("stepTimeoutMs", 600_000)))
                .put("agents", new JsonObject().put("payment", new JsonObject().put("retry", new JsonObject()
                        .put("maxAttempts", 2).put("initialDelayMs", 10).put("maxDelayMs", 20).put("multiplier", 2.0).put("jitter", 0.1))));
        try (LaunchedPlatform platform = LaunchedPlatform.start(temp, config)) {
            assertThat(platform.http().put("/stock/SKU-CENT", new JsonObject().put("available", 100_000).encode(),
                    "Content-Type", JSON).status()).isEqualTo(200);
            // the gateway refuses every call: each payment command ends in the dead letters, with its amount
            assertThat(platform.http().put("/admin/payment-gateway", new JsonObject().put("failureRate", 1.0).put("latencyMs", 0).encode(),
                    "Content-Type", JSON).status()).isEqualTo(200);
            for (String[] order : ORDERS) {
                String orderId = place(platform, order[0], Integer.parseInt(order[1]));
                String total = order[2];

                assertThat(platform.query("SELECT jsonb_typeof(payload->'total'), payload->>'total', "
                        + "payload->'items'->0->>'unitPrice' FROM events WHERE type = 'order.placed' AND stream_id = 'order-" + orderId + "'"))
                        .singleElement().satisfies(row -> {
                            assertThat(row.getString(0)).isEqualTo("string");
                            assertThat(row.getString(1)).isEqualTo(total);
                            assertThat(row.getString(2)).isEqualTo(order[0]);
                        });
                await().atMost(WAIT).untilAsserted(() -> assertThat(platform.query(
                        "SELECT jsonb_typeof(state->'total'), state->>'total' FROM sagas WHERE correlation_id = '" + orderId + "'"))
                        .singleElement().satisfies(row -> {
                            assertThat(row.getString(0)).isEqualTo("string");
                            assertThat(row.getString(1)).isEqualTo(total);
                        }));
                JsonObject letter = await().atMost(WAIT).until(() -> deadLetterOf(platform, orderId), found -> found != null);
                Object amount = letter.getJsonObject("envelope").getJsonObject("payload").getValue("amount");
                assertThat(amount).as("the payment command's amount in GET /admin/dlq").isEqualTo(total);
                assertThat(platform.query("SELECT jsonb_typeof(envelope->'payload'->'amount') FROM dead_letters WHERE id = "
                        + letter.getLong("id"))).singleElement().satisfies(row -> assertThat(row.getString(0)).isEqualTo("string"));
                assertThat(platform.http().get("/orders/" + orderId).json().getString("total")).isEqualTo(total);
            }
            await().atMost(WAIT).until(() -> platform.count("SELECT count(*) FROM order_view") == ORDERS.size());
            assertThat(platform.count("SELECT count(*) FROM dead_letters WHERE message_type <> 'payment.authorize'"))
                    .as("no event dead-lettered by a projection").isZero();
        }
    }

    private static String place(LaunchedPlatform platform, String unitPrice, int quantity) {
        String order = new JsonObject().put("customerId", "c-cents").put("paymentMethod", "card-ok")
                .put("items", new JsonArray().add(new JsonObject().put("sku", "SKU-CENT").put("quantity", quantity).put("unitPrice", unitPrice)))
                .encode();
        Response placed = platform.http().post("/orders", order, "Content-Type", JSON);
        assertThat(placed.status()).isEqualTo(202);
        return placed.json().getString("orderId");
    }

    private static JsonObject deadLetterOf(LaunchedPlatform platform, String orderId) {
        Response listed = platform.http().get("/admin/dlq");
        assertThat(listed.status()).isEqualTo(200);
        return listed.json().getJsonArray("deadLetters").stream().map(JsonObject.class::cast)
                .filter(letter -> "payment.authorize".equals(letter.getString("messageType")))
                .filter(letter -> orderId.equals(letter.getJsonObject("envelope").getString("correlationId")))
                .findFirst().orElse(null);
    }
}
