package dev.domainagents.payment;

import dev.domainagents.core.testkit.HttpClientForTests;
import dev.domainagents.core.testkit.HttpClientForTests.Response;
import dev.domainagents.core.testkit.TestPlatform;
import dev.domainagents.payment.gateway.SimulatedGateway;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code PUT /admin/payment-gateway}: valid conditions reach the simulated gateways; anything else is a 400 that changes nothing. */
class GatewayRoutesTest {
    private static final String[] JSON = {"Content-Type", "application/json"};
    private static final List<JsonObject> published = new CopyOnWriteArrayList<>();
    private static TestPlatform platform;
    private static HttpClientForTests http;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
        platform.vertx().eventBus().<JsonObject>consumer(SimulatedGateway.CONDITIONS_ADDRESS, message -> published.add(message.body()));
        http = new HttpClientForTests(platform.serveHttp(List.of(new PaymentModule()), null));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @BeforeEach
    void forget() {
        published.clear();
    }

    @Test
    void validConditionsAreAnsweredAndPublishedToEveryGateway() {
        Response outage = http.put("/admin/payment-gateway", "{\"failureRate\": 1, \"latencyMs\": 250}", JSON);

        assertThat(outage.status()).isEqualTo(200);
        assertThat(outage.json()).isEqualTo(new JsonObject().put("failureRate", 1.0).put("latencyMs", 250));
        await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 1);
        assertThat(published.get(0)).isEqualTo(outage.json());
    }

    @Test
    void invalidConditionsAreRefusedFieldByFieldAndPublishNothing() {
        assertRefused("{}", "failureRate", "latencyMs");
        assertRefused("{\"failureRate\": 1.5, \"latencyMs\": 0}", "failureRate");
        assertRefused("{\"failureRate\": -0.1, \"latencyMs\": 0}", "failureRate");
        assertRefused("{\"failureRate\": \"all\", \"latencyMs\": 0}", "failureRate");
        assertRefused("{\"failureRate\": 0.5, \"latencyMs\": -1}", "latencyMs");
        assertRefused("{\"failureRate\": 0.5, \"latencyMs\": 2.5}", "latencyMs");
        assertRefused("{\"failureRate\": 0.5, \"latencyMs\": 60001}", "latencyMs");
        assertRefused("{\"failureRate\": null, \"latencyMs\": \"0\"}", "failureRate", "latencyMs");

        Response malformed = http.put("/admin/payment-gateway", "{\"failureRate\": ", JSON);
        Response notJson = http.put("/admin/payment-gateway", "failureRate=1", "Content-Type", "text/plain");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().getString("error")).isEqualTo("malformed_json");
        assertThat(notJson.status()).isEqualTo(415);
        assertThat(notJson.json().getString("error")).isEqualTo("unsupported_media_type");

        // a valid change after all of these is the only one published
        assertThat(http.put("/admin/payment-gateway", "{\"failureRate\": 0, \"latencyMs\": 0}", JSON).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> !published.isEmpty());
        assertThat(published).containsExactly(new JsonObject().put("failureRate", 0.0).put("latencyMs", 0));
    }

    private static void assertRefused(String body, String... fields) {
        Response response = http.put("/admin/payment-gateway", body, JSON);
        assertThat(response.status()).as(body).isEqualTo(400);
        assertThat(response.json().getString("error")).isEqualTo("validation_failed");
        assertThat(response.json().getString("message")).isNotBlank();
        assertThat(response.json().getJsonArray("details").stream().map(detail -> ((JsonObject) detail).getString("field")))
                .as(body).containsExactly(fields);
    }
}
