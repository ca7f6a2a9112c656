package dev.domainagents.observer;

import dev.domainagents.core.fixtures.Bus;
import dev.domainagents.core.fixtures.CounterAgent;
import dev.domainagents.core.fixtures.CounterMessages.Increment;
import dev.domainagents.core.testkit.EventStreamForTests;
import dev.domainagents.core.testkit.HttpClientForTests;
import dev.domainagents.core.testkit.HttpClientForTests.Response;
import dev.domainagents.core.testkit.TestPlatform;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static org.assertj.core.api.Assertions.assertThat;

class LiveFeedTest {
    private static final String TOKEN = "feed-secret";
    private static final String[] AUTHORIZED = {"Authorization", "Bearer " + TOKEN};
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private TestPlatform platform;
    private HttpClientForTests http;

    @BeforeEach
    void start() {
        platform = TestPlatform.start();
        platform.deploy(new CounterAgent(platform.runtime()));
        platform.deploy(new DomainObserver(platform.runtime()));
        http = new HttpClientForTests(platform.serveHttp(List.of(new ObserverModule()), TOKEN));
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void eventAppendedAfterConnectingArrivesAsAServerSentEvent() {
        try (EventStreamForTests feed = http.stream("/admin/feed", AUTHORIZED)) {
            assertThat(feed.status()).isEqualTo(200);
            assertThat(feed.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            feed.awaitLine(": connected"::equals, PATIENCE);

            await(Bus.request(platform.vertx(), Bus.command("feed-1", new Increment("feed-1", 1))));

            feed.awaitLine("event: domain-event"::equals, PATIENCE);
            String data = feed.nextLine(PATIENCE);
            assertThat(data).startsWith("data: ");
            JsonObject event = new JsonObject(data.substring("data: ".length()));
            assertThat(event.getString("type")).isEqualTo("counter.incremented");
            assertThat(event.getString("streamId")).isEqualTo("counter-feed-1");
            assertThat(event.getString("correlationId")).isEqualTo("feed-1");
            assertThat(Instant.parse(event.getString("occurredAt"))).isBeforeOrEqualTo(Instant.now());
            assertThat(feed.nextLine(PATIENCE)).isEmpty();
        }
    }

    @Test
    void feedIsRefusedWithoutTheAdminToken() {
        Response anonymous = http.get("/admin/feed");
        Response wrongToken = http.get("/admin/feed", "Authorization", "Bearer guess");

        for (Response refused : List.of(anonymous, wrongToken)) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().getString("error")).isEqualTo("unauthorized");
        }
    }

    @Test
    void clientThatDisconnectsIsUnsubscribed() {
        EventStreamForTests feed = http.stream("/admin/feed", AUTHORIZED);
        feed.awaitLine(": connected"::equals, PATIENCE);
        assertThat(http.get("/metrics").body()).contains("observer_feed_clients 1.0");

        feed.close();

        org.awaitility.Awaitility.await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(http.get("/metrics").body()).contains("observer_feed_clients 0.0"));
        await(Bus.request(platform.vertx(), Bus.command("after-close", new Increment("after-close", 1))));
        try (EventStreamForTests next = http.stream("/admin/feed", AUTHORIZED)) {
            next.awaitLine(": connected"::equals, PATIENCE);
            await(Bus.request(platform.vertx(), Bus.command("next-client", new Increment("next-client", 1))));
            assertThat(next.awaitLine(line -> line.startsWith("data: ") && line.contains("counter-next-client"), PATIENCE))
                    .contains("\"correlationId\":\"next-client\"");
        }
    }
}
