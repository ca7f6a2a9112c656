package dev.domainagents.launcher;

import dev.domainagents.core.testkit.HttpClientForTests.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A burst beyond {@code http.maxCommandsInFlight} is refused at the door with 503 and Retry-After, storing nothing. */
class IngressBackpressureTest {
    private static final String ORDER = new JsonObject().put("customerId", "c-9").put("paymentMethod", "card-ok")
            .put("items", new JsonArray().add(new JsonObject().put("sku", "SKU-B").put("quantity", 1).put("unitPrice", "1.00"))).encode();

    @TempDir
    Path temp;

    @Test
    void requestsBeyondTheLimitAreRefusedWithRetryAfterAndStoreNothing() throws Exception {
        JsonObject twoAtATime = new JsonObject().put("http", new JsonObject().put("maxCommandsInFlight", 2));
        // no payment agent: the orders stay pending, so ?wait holds each request in flight
        try (LaunchedPlatform platform = LaunchedPlatform.start(temp, twoAtATime, "--agents=http,order,stock")) {
            assertThat(platform.http().put("/stock/SKU-B", "{\"available\": 10}", "Content-Type", "application/json").status())
                    .isEqualTo(200);
            CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> post(platform, "/orders?wait=4000"));
            CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> post(platform, "/orders?wait=4000"));
            await().atMost(Duration.ofSeconds(10)).until(() -> placed(platform) == 2);

            Response refused = post(platform, "/orders");

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(refused.json().getString("error")).isEqualTo("overloaded");
            assertThat(platform.http().get("/health").status()).as("reads are not held back").isEqualTo(200);
            assertThat(first.get().status()).isEqualTo(202);
            assertThat(second.get().status()).isEqualTo(202);
            assertThat(placed(platform)).isEqualTo(2);
            assertThat(post(platform, "/orders").status()).as("room again once those ended").isEqualTo(202);
        }
    }

    private static Response post(LaunchedPlatform platform, String path) {
        return platform.http().post(path, ORDER, "Content-Type", "application/json");
    }

    private static long placed(LaunchedPlatform platform) {
        return platform.count("SELECT count(*) FROM events WHERE type = 'order.placed'");
    }
}
