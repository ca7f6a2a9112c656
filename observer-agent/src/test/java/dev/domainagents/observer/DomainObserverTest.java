package dev.domainagents.observer;

import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageKind;
import dev.domainagents.core.message.MessageType;
import dev.domainagents.core.store.Tx;
import dev.domainagents.core.testkit.HttpClientForTests;
import dev.domainagents.core.testkit.TestPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static org.assertj.core.api.Assertions.assertThat;

class DomainObserverTest {
    @MessageType("test.pinged")
    record Pinged(String id) {
    }

    private TestPlatform platform;

    @BeforeEach
    void start() {
        platform = TestPlatform.start();
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void everyEventIsCountedByTypeOnTheMetricsPage() {
        platform.deploy(new DomainObserver(platform.runtime()));
        HttpClientForTests http = new HttpClientForTests(platform.serveHttp(List.of(new ObserverModule()), null));

        for (int i = 0; i < 3; i++) {
            String stream = "ping-" + i;
            await(Tx.run(platform.pool(), tx -> platform.runtime().events().append(tx, stream, 0,
                    List.of(Envelope.of(MessageKind.EVENT, stream, stream, new Pinged(stream), Instant.now())))));
        }

        // the counter moves in the handler, the checkpoint at the batch's commit just after: both are awaited
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(http.get("/metrics").body()).contains("domain_events_observed_total{type=\"test.pinged\"} 3.0");
            assertThat(platform.query("SELECT position FROM checkpoints WHERE subscription = 'observer'").get(0).getLong(0))
                    .isEqualTo(platform.query("SELECT max(position) FROM events").get(0).getLong(0));
        });
    }
}
