package dev.domainagents.launcher;

import dev.domainagents.core.testkit.HttpClientForTests.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A burst beyond {@code http.maxCommandsInFlight} is refused at the door with 503 and Retry-After,
 * storing nothing, so memory stays bounded however many come; everything accepted completes.
 */
class IngressBackpressureTest {
    private static final int BURST = 400;
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
            CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> post(platform, "/orders?wait=8000"));
            CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> post(platform, "/orders?wait=8000"));
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

    /** Far more requests at once than the ingress takes: the rest are refused at the door, and every accepted order completes. */
    @Test
    void aBurstFarBeyondTheLimitIsRefusedInPartAndEveryAcceptedOrderCompletes() throws Exception {
        JsonObject sixteenAtATime = new JsonObject().put("http", new JsonObject().put("maxCommandsInFlight", 16));
        try (LaunchedPlatform platform = LaunchedPlatform.start(temp, sixteenAtATime)) {
            assertThat(platform.http().put("/stock/SKU-B", "{\"available\": 100000}", "Content-Type", "application/json").status())
                    .isEqualTo(200);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                burst.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.node().httpPort() + "/orders"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(ORDER)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> answer : burst) {
                answers.add(answer.get(1, TimeUnit.MINUTES));
            }

            List<HttpResponse<String>> refused = answers.stream().filter(answer -> answer.statusCode() == 503).toList();
            List<String> accepted = answers.stream().filter(answer -> answer.statusCode() == 202)
                    .map(answer -> new JsonObject(answer.body()).getString("orderId")).toList();
            assertThat(refused.size() + accepted.size()).as("every answer is 202 or 503").isEqualTo(BURST);
            assertThat(refused).as("the burst was held back").isNotEmpty()
                    .allSatisfy(answer -> assertThat(answer.headers().firstValue("Retry-After")).hasValue("1"));
            assertThat(accepted).isNotEmpty();
            await().atMost(Duration.ofMinutes(1)).until(() -> platform.count("SELECT count(*) FROM order_view WHERE status = 'CONFIRMED'")
                    == accepted.size());
            assertThat(placed(platform)).as("nothing refused was stored").isEqualTo(accepted.size());
            await().atMost(Duration.ofSeconds(30)).until(() -> platform.http().get("/stock/SKU-B").json().getInteger("reserved") == 0);
            assertThat(platform.http().get("/stock/SKU-B").json().getInteger("available")).isEqualTo(100_000 - accepted.size());
        }
    }

    private static Response post(LaunchedPlatform platform, String path) {
        return platform.http().post(path, ORDER, "Content-Type", "application/json");
    }

    private static long placed(LaunchedPlatform platform) {
        return platform.count("SELECT count(*) FROM events WHERE type = 'order.placed'");
    }
}
