package dev.domainagents.core.delivery;

import dev.domainagents.core.fixtures.Bus;
import dev.domainagents.core.fixtures.CounterAgent;
import dev.domainagents.core.fixtures.CounterMessages.IncrementFlaky;
import dev.domainagents.core.fixtures.CounterMessages.IncrementNever;
import dev.domainagents.core.fixtures.CounterMessages.Incremented;
import dev.domainagents.core.fixtures.RecordingObserver;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageKind;
import dev.domainagents.core.store.Tx;
import dev.domainagents.core.testkit.TestPlatform;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static dev.domainagents.core.testkit.TestPlatform.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

/** What a dead letter says of itself: when it first failed, and the state a redrive left it in. */
class DeadLetterRecordTest {
    /** Three attempts 400 ms apart: the burial comes about 800 ms after the first failure. */
    private static final JsonObject SLOW_RETRIES = new JsonObject()
            .put("maxAttempts", 3).put("initialDelayMs", 400).put("maxDelayMs", 400).put("multiplier", 1.0).put("jitter", 0.0);

    private TestPlatform platform;

    @BeforeEach
    void start() {
        JsonObject config = TestPlatform.testConfig().mergeIn(new JsonObject().put("agents", new JsonObject()
                .put("counter", new JsonObject().put("retry", SLOW_RETRIES))
                .put("slow-picky", new JsonObject().put("retry", SLOW_RETRIES)))
                // a subscription tries a failing event again at its next poll at the latest, whatever the backoff
                .put("subscriptions", new JsonObject().put("pollIntervalMs", 400)), true);
        platform = TestPlatform.start(config, List.of());
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void aDeadCommandsFirstFailureIsItsFirstFailedAttemptNotItsBurial() {
        platform.deploy(new CounterAgent(platform.runtime()));

        awaitFailure(Bus.request(platform.vertx(), Bus.command("never", new IncrementNever("never"))));

        JsonObject letter = onlyLetter();
        assertThat(letter.getInteger("attempts")).isEqualTo(3);
        assertThat(Duration.between(Instant.parse(letter.getString("firstFailureAt")), Instant.parse(letter.getString("lastFailureAt"))))
                .as("two retry delays of 400 ms lie between the first failure and the burial").isGreaterThanOrEqualTo(Duration.ofMillis(700));
    }

    @Test
    void aDeadEventsFirstFailureIsItsFirstFailedAttemptNotItsBurial() {
        platform.query(RecordingObserver.CREATE_TABLE);
        RecordingObserver observer = new RecordingObserver("slow-picky", platform.runtime());
        observer.failOn().add("bad");
        platform.deploy(observer);

        await(Tx.run(platform.pool(), tx -> platform.runtime().events().append(tx, "bad", 0,
                List.of(Envelope.of(MessageKind.EVENT, "bad", "bad", new Incremented("bad", 1), Instant.now())))));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> platform.count("SELECT count(*) FROM dead_letters") == 1);

        JsonObject letter = onlyLetter();
        assertThat(Duration.between(Instant.parse(letter.getString("firstFailureAt")), Instant.parse(letter.getString("lastFailureAt"))))
                .as("at least one poll interval of 400 ms lies between the first failure and the burial")
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aRedrivenCommandIsAnsweredRequeuedAndLeavesTheDeadLetters() {
        platform.deploy(new CounterAgent(platform.runtime()));
        awaitFailure(Bus.request(platform.vertx(), Bus.command("revived", new IncrementFlaky("revived", 3))));
        long id = onlyLetter().getLong("id");

        DeadLetter answered = await(platform.runtime().deadLetters().redrive(id)).orElseThrow();

        assertThat(answered.id()).isEqualTo(id);
        assertThat(answered.toJson().getString("status")).isEqualTo("REQUEUED");
        assertThat(platform.count("SELECT count(*) FROM dead_letters WHERE id = " + id)).as("as answered: no longer listed").isZero();
    }

    @Test
    void aRedrivenEventIsAnsweredMarkedForItsSubscriptionAsStored() {
        platform.query(RecordingObserver.CREATE_TABLE);
        RecordingObserver observer = new RecordingObserver("slow-picky", platform.runtime());
        observer.failOn().add("stuck");
        platform.deploy(observer);
        await(Tx.run(platform.pool(), tx -> platform.runtime().events().append(tx, "stuck", 0,
                List.of(Envelope.of(MessageKind.EVENT, "stuck", "stuck", new Incremented("stuck", 1), Instant.now())))));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> platform.count("SELECT count(*) FROM dead_letters") == 1);
        long id = onlyLetter().getLong("id");

        DeadLetter answered = await(platform.runtime().deadLetters().redrive(id)).orElseThrow();

        assertThat(answered.toJson().getString("status")).isEqualTo("REDRIVE");
        // the subscription, still failing, may bury it again at once: the answer is what the redrive itself left
        assertThat(platform.count("SELECT count(*) FROM dead_letter_audit WHERE action = 'REDRIVE' AND dead_letter_id = " + id))
                .isEqualTo(1);
    }

    private JsonObject onlyLetter() {
        List<DeadLetter> letters = await(platform.runtime().deadLetters().list(10, 0));
        assertThat(letters).hasSize(1);
        return letters.get(0).toJson();
    }
}
