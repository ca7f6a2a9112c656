package dev.domainagents.launcher;

import dev.domainagents.core.testkit.EventStreamForTests;
import dev.domainagents.core.testkit.HttpClientForTests;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Long-lived connections are bounded: both Server-Sent Events routes ({@code GET /admin/feed} and
 * {@code GET /orders/{id}/events}) share the node's {@code http.sse.maxStreams}, one more stream is
 * {@code 503 too_many_streams} in the API.md error shape, and a stream that outlives
 * {@code http.sse.maxAgeMs} ends with {@code event: end}, after which a new one is served.
 */
class EventStreamLimitsTest {
    private static final String JSON = "application/json";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long MAX_AGE_MS = 3000;

    @TempDir
    Path temp;

    @Test
    void streamsPastTheNodesCapAre503AndEveryStreamEndsAtItsMaximumAge() throws Exception {
        JsonObject config = new JsonObject()
                .put("http", new JsonObject().put("sse", new JsonObject().put("maxStreams", 2).put("maxAgeMs", MAX_AGE_MS)))
                .put("order", new JsonObject().put("saga", new JsonObject().put("stepTimeoutMs", 600_000)))
                .put("agents", new JsonObject().put("payment", new JsonObject().put("retry", new JsonObject()
                        .put("maxAttempts", 1000).put("initialDelayMs", 100).put("maxDelayMs", 500).put("multiplier", 2.0).put("jitter", 0.1))));
        try (LaunchedPlatform platform = LaunchedPlatform.start(temp, config)) {
            HttpClientForTests http = platform.http();
            String orderId = pendingOrder(http);

            try (EventStreamForTests order = http.stream("/orders/" + orderId + "/events");
                 EventStreamForTests feed = http.stream("/admin/feed")) {
                assertThat(order.status()).isEqualTo(200);
                assertThat(feed.status()).isEqualTo(200);
                assertThat(order.awaitLine(line -> line.startsWith("data:"), WAIT)).contains("\"PENDING\"");
                feed.awaitLine(": connected"::equals, WAIT);
                long opened = System.nanoTime();

                for (String path : new String[] {"/admin/feed", "/orders/" + orderId + "/events"}) {
                    try (EventStreamForTests refused = http.stream(path)) {
                        assertThat(refused.status()).as(path).isEqualTo(503);
                        assertThat(refused.headers().firstValue("Retry-After")).as(path).isPresent();
                        JsonObject error = new JsonObject(refused.nextLine(WAIT));
                        assertThat(error.getString("error")).isEqualTo("too_many_streams");
                        assertThat(error.getString("message")).contains("2");
                        assertThat(error.getJsonArray("details")).isEmpty();
                    }
                }

                for (EventStreamForTests stream : new EventStreamForTests[] {order, feed}) {
                    stream.awaitLine("event: end"::equals, WAIT);
                    assertThat(new JsonObject(stream.nextLine(WAIT).substring("data:".length())).getString("reason")).isEqualTo("max_age");
                    assertThat(stream.awaitEnd(WAIT)).as("the server ended the stream").isTrue();
                }
                assertThat(Duration.ofNanos(System.nanoTime() - opened)).isLessThan(Duration.ofMillis(MAX_AGE_MS + 10_000));
            }

            try (EventStreamForTests again = http.stream("/admin/feed")) {
                assertThat(again.status()).as("a stream once the others ended").isEqualTo(200);
                again.awaitLine(": connected"::equals, WAIT);
            }
            // the gateway back, so the payment in retry ends and the node stops at once
            assertThat(http.put("/admin/payment-gateway", new JsonObject().put("failureRate", 0.0).put("latencyMs", 0).encode(),
                    "Content-Type", JSON).status()).isEqualTo(200);
            await().atMost(WAIT).until(() -> "CONFIRMED".equals(http.get("/orders/" + orderId).json().getString("status")));
        }
    }

    /** An order that stays PENDING for the test: the gateway fails every call and the payment is retried on and on. */
    private static String pendingOrder(HttpClientForTests http) {
        assertThat(http.put("/stock/SKU-SSE", new JsonObject().put("available", 10).encode(), "Content-Type", JSON).status()).isEqualTo(200);
        assertThat(http.put("/admin/payment-gateway", new JsonObject().put("failureRate", 1.0).put("latencyMs", 0).encode(),
                "Content-Type", JSON).status()).isEqualTo(200);
        HttpClientForTests.Response placed = http.post("/orders", new JsonObject().put("customerId", "c-sse").put("paymentMethod", "card-ok")
                .put("items", new JsonArray().add(new JsonObject().put("sku", "SKU-SSE").put("quantity", 1).put("unitPrice", "1.00")))
                .encode(), "Content-Type", JSON);
        assertThat(placed.status()).isEqualTo(202);
        return placed.json().getString("orderId");
    }
}
