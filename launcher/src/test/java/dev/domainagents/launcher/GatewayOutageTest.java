package dev.domainagents.launcher;

import ch.qos.logback.classic.Level;
import dev.domainagents.core.testkit.HttpClientForTests.Response;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The payment gateway down for a while, over HTTP: the breaker opens (in {@code /metrics} and
 * in the logs) and orders wait, retried, until the gateway is back; past the retry policy the
 * payments go to the dead letters and their orders are cancelled, while an operator may still
 * redrive (the late authorization is voided) or discard (audited) a dead letter.
 * {@link StuckOrdersTest} has outages that meet every step.
 */
class GatewayOutageTest {
    private static final String JSON = "application/json";
    private static final Pattern BREAKER_STATE = Pattern.compile("breaker_state\\{dependency=\"payment-gateway\",?} (\\S+)");
    private static final double OPEN = 2.0;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    @Test
    void ordersWaitThroughAnOutageAndAllCompleteWhenTheGatewayRecovers() throws Exception {
        // a payment is retried for about 15 s, far longer than this outage lasts; no saga step times out
        JsonObject config = config(new JsonObject().put("maxAttempts", 50).put("initialDelayMs", 50).put("maxDelayMs", 300)
                .put("multiplier", 2.0).put("jitter", 0.1));
        try (CapturedLogs logs = CapturedLogs.capture(Level.INFO, "dev.domainagents.core.delivery");
             LaunchedPlatform platform = LaunchedPlatform.start(temp, config)) {
            platform.setStock("SKU-OUT", 50);
            assertThat(setGateway(platform, 1.0).json()).isEqualTo(new JsonObject().put("failureRate", 1.0).put("latencyMs", 0));

            List<String> orders = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                orders.add(platform.placeOrder("SKU-OUT", 2));
            }

            await().atMost(WAIT).until(() -> breakerState(platform) == OPEN);
            // the outage outlasts a trial call: open, half-open, a failed trial, open again
            await().atMost(WAIT).until(() -> logs.linesContaining("breaker.opened dependency=payment-gateway").size() >= 2);
            assertThat(logs.linesContaining("breaker.half_open dependency=payment-gateway")).isNotEmpty();
            assertThat(logs.linesContaining("command.retry consumer=payment")).isNotEmpty();
            for (String order : orders) {
                assertThat(platform.orderStatus(order)).as("order %s during the outage", order).isEqualTo("PENDING");
            }
            assertThat(platform.count("SELECT count(*) FROM dead_letters")).isZero();
            assertThat(platform.count("SELECT count(*) FROM events WHERE type = 'payment.authorized'")).isZero();

            setGateway(platform, 0.0);

            await().atMost(WAIT).until(() -> orders.stream().allMatch(order -> "CONFIRMED".equals(platform.orderStatus(order))));
            await().atMost(WAIT).until(() -> breakerState(platform) == 0.0);
            assertThat(logs.linesContaining("breaker.closed dependency=payment-gateway")).isNotEmpty();
            assertCapturedOncePerOrder(platform, orders);
            await().atMost(WAIT).until(() -> platform.http().get("/stock/SKU-OUT").json().getInteger("reserved") == 0);
            assertThat(platform.http().get("/stock/SKU-OUT").json().getInteger("available")).isEqualTo(50 - 2 * orders.size());
            assertThat(platform.count("SELECT count(*) FROM dead_letters")).isZero();
        }
    }

    @Test
    void paymentsPastTheRetryPolicyAreDeadLetteredTheirOrdersCancelledAndAnOperatorMayStillRedriveOrDiscard() throws Exception {
        JsonObject config = config(new JsonObject().put("maxAttempts", 2).put("initialDelayMs", 10).put("maxDelayMs", 20)
                .put("multiplier", 2.0).put("jitter", 0.1));
        try (LaunchedPlatform platform = LaunchedPlatform.start(temp, config)) {
            platform.setStock("SKU-DLQ", 30);
            setGateway(platform, 1.0);
            List<String> orders = List.of(platform.placeOrder("SKU-DLQ", 3), platform.placeOrder("SKU-DLQ", 4),
                    platform.placeOrder("SKU-DLQ", 5));

            await().atMost(WAIT).until(() -> deadLetters(platform).size() == orders.size());
            List<JsonObject> letters = deadLetters(platform);
            for (JsonObject letter : letters) {
                assertThat(letter.getString("agent")).isEqualTo("payment");
                assertThat(letter.getString("messageType")).isEqualTo("payment.authorize");
                assertThat(letter.getInteger("attempts")).isEqualTo(2);
            }
            assertThat(letters).extracting(letter -> letter.getJsonObject("envelope").getString("correlationId"))
                    .containsExactlyInAnyOrderElementsOf(orders);
            // a dead letter is a failure the saga learns of, not an acknowledgement: each order ends, its stock released
            await().atMost(WAIT).until(() -> orders.stream().allMatch(order -> "CANCELLED".equals(platform.orderStatus(order))));
            orders.forEach(order -> assertThat(platform.http().get("/orders/" + order).json().getString("reason"))
                    .isEqualTo("payment_failed"));
            await().atMost(WAIT).until(() -> platform.http().get("/stock/SKU-DLQ").json().getInteger("reserved") == 0);
            assertThat(platform.http().get("/stock/SKU-DLQ").json().getInteger("available")).isEqualTo(30);

            setGateway(platform, 0.0);
            // an operator redrives once the breaker lets a trial call through (it was left open by the outage)
            await().atMost(WAIT).until(() -> breakerState(platform) != OPEN);
            JsonObject redriven = letters.get(0);
            String redrivenOrder = redriven.getJsonObject("envelope").getString("correlationId");
            Response redrive = platform.http().post("/admin/dlq/" + redriven.getLong("id") + "/redrive", "");
            assertThat(redrive.status()).isEqualTo(200);
            // the payment is authorized now, for an order already cancelled: the saga voids it, nothing is captured
            await().atMost(WAIT).until(() -> platform.count("SELECT count(*) FROM events WHERE type = 'payment.voided' "
                    + "AND stream_id = 'payment-" + redrivenOrder + "'") == 1);
            assertThat(platform.orderStatus(redrivenOrder)).isEqualTo("CANCELLED");

            JsonObject discarded = letters.get(2);
            Response discard = platform.http().delete("/admin/dlq/" + discarded.getLong("id"));
            assertThat(discard.status()).isEqualTo(200);
            assertThat(discard.json().getLong("id")).isEqualTo(discarded.getLong("id"));
            assertThat(deadLetters(platform)).extracting(letter -> letter.getLong("id")).containsExactly(letters.get(1).getLong("id"));
            assertThat(platform.http().delete("/admin/dlq/" + discarded.getLong("id")).status()).isEqualTo(404);
            assertThat(platform.query("SELECT action, consumer, message_id::text FROM dead_letter_audit ORDER BY id"))
                    .extracting(row -> row.getString(0) + " " + row.getString(1) + " " + row.getString(2))
                    .containsExactly(
                            "REDRIVE payment " + redriven.getString("messageId"),
                            "DISCARD payment " + discarded.getString("messageId"));
            assertThat(platform.count("SELECT count(*) FROM events WHERE type = 'payment.captured'")).isZero();
            assertThat(platform.http().get("/stock/SKU-DLQ").json().getInteger("available")).isEqualTo(30);
        }
    }

    /** The test profile with the payment agent's retry policy and saga steps that never time out here. */
    private static JsonObject config(JsonObject paymentRetry) {
        return new JsonObject()
                .put("order", new JsonObject().put("saga", new JsonObject().put("stepTimeoutMs", 600_000)))
                .put("agents", new JsonObject().put("payment", new JsonObject().put("retry", paymentRetry)));
    }

    private static Response setGateway(LaunchedPlatform platform, double failureRate) {
        Response response = platform.http().put("/admin/payment-gateway",
                new JsonObject().put("failureRate", failureRate).put("latencyMs", 0).encode(), "Content-Type", JSON);
        assertThat(response.status()).isEqualTo(200);
        return response;
    }

    private static double breakerState(LaunchedPlatform platform) {
        Matcher state = BREAKER_STATE.matcher(platform.http().get("/metrics").body());
        return state.find() ? Double.parseDouble(state.group(1)) : -1;
    }

    private static List<JsonObject> deadLetters(LaunchedPlatform platform) {
        Response listed = platform.http().get("/admin/dlq");
        assertThat(listed.status()).isEqualTo(200);
        return listed.json().getJsonArray("deadLetters").stream().map(JsonObject.class::cast).toList();
    }

    private static void assertCapturedOncePerOrder(LaunchedPlatform platform, List<String> orders) {
        for (String order : orders) {
            assertThat(platform.count("SELECT count(*) FROM events WHERE type = 'payment.captured' AND stream_id = 'payment-" + order + "'"))
                    .as("captures of order %s", order).isEqualTo(1);
        }
        assertThat(platform.count("SELECT count(*) FROM events WHERE type = 'payment.captured'")).isEqualTo(orders.size());
    }
}
