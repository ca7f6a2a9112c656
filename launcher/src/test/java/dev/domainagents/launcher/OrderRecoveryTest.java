package dev.domainagents.launcher;

import dev.domainagents.core.testkit.HttpClientForTests.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Sagas over HTTP when a step goes unanswered: cut short by a restart, or by the step's deadline. */
class OrderRecoveryTest {
    private static final String ORDER = new JsonObject().put("customerId", "c-7").put("paymentMethod", "card-ok")
            .put("items", new JsonArray().add(new JsonObject().put("sku", "SKU-R").put("quantity", 2).put("unitPrice", "5.00"))).encode();

    @TempDir
    Path temp;

    @Test
    void sagaInterruptedByARestartFinishesAndItsIdempotencyKeyStillHolds() throws Exception {
        JsonObject longSteps = new JsonObject().put("order", new JsonObject().put("saga", new JsonObject().put("stepTimeoutMs", 60_000)));
        // no payment agent yet: the saga stops at AUTHORIZING, its command waiting in the outbox
        try (LaunchedPlatform platform = LaunchedPlatform.start(temp, longSteps, "--agents=http,order,stock")) {
            setStock(platform, 10);
            Response placed = post(platform, "/orders", "Idempotency-Key", "restart-1");
            String orderId = placed.json().getString("orderId");
            await().atMost(Duration.ofSeconds(20)).until(() -> platform.count(
                    "SELECT count(*) FROM sagas WHERE correlation_id = '" + orderId + "' AND step = 'AUTHORIZING'") == 1);

            platform.restart("--agents=payment"); // picocli adds it to the agents named before

            await().atMost(Duration.ofSeconds(30)).until(() ->
                    "CONFIRMED".equals(platform.http().get("/orders/" + orderId).json().getString("status")));
            assertThat(post(platform, "/orders", "Idempotency-Key", "restart-1").json().getString("orderId")).isEqualTo(orderId);
            assertThat(platform.count("SELECT count(*) FROM events WHERE type = 'order.placed'")).isEqualTo(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> platform.http().get("/stock/SKU-R").json().getInteger("available") == 8);
            assertThat(platform.http().get("/stock/SKU-R").json().getInteger("reserved")).isZero();
        }
    }

    @Test
    void stepWithoutAnAnswerTimesOutCancelsTheOrderAndReleasesItsStock() throws Exception {
        JsonObject shortSteps = new JsonObject().put("order", new JsonObject().put("saga", new JsonObject().put("stepTimeoutMs", 1_000)));
        try (LaunchedPlatform platform = LaunchedPlatform.start(temp, shortSteps, "--agents=http,order,stock")) {
            setStock(platform, 10);

            JsonObject order = post(platform, "/orders?wait=20000").json();

            assertThat(order.getString("status")).isEqualTo("CANCELLED");
            assertThat(order.getString("reason")).isEqualTo("timeout");
            await().atMost(Duration.ofSeconds(20)).until(() -> platform.http().get("/stock/SKU-R").json().getInteger("reserved") == 0);
            assertThat(platform.http().get("/stock/SKU-R").json().getInteger("available")).isEqualTo(10);
        }
    }

    private static void setStock(LaunchedPlatform platform, int available) {
        assertThat(platform.http().put("/stock/SKU-R", new JsonObject().put("available", available).encode(),
                "Content-Type", "application/json").status()).isEqualTo(200);
    }

    private static Response post(LaunchedPlatform platform, String path, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        Response response = platform.http().post(path, ORDER, all);
        assertThat(response.status()).isIn(200, 202);
        return response;
    }
}
