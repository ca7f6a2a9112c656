package dev.domainagents.core.metrics;

import dev.domainagents.core.fixtures.Bus;
import dev.domainagents.core.fixtures.CounterAgent;
import dev.domainagents.core.fixtures.CounterMessages.IncrementNever;
import dev.domainagents.core.fixtures.CounterMessages.Incremented;
import dev.domainagents.core.fixtures.RecordingObserver;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageKind;
import dev.domainagents.core.store.Tx;
import dev.domainagents.core.testkit.TestPlatform;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.domainagents.core.testkit.TestPlatform.awaitFailure;
import static dev.domainagents.core.testkit.TestPlatform.await;
import static org.assertj.core.api.Assertions.assertThat;

class OperationsGaugesTest {
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private TestPlatform platform;

    @BeforeEach
    void start() {
        JsonObject config = TestPlatform.testConfig().mergeIn(new JsonObject().put("agents", new JsonObject()
                .put("lagging", new JsonObject().put("retry", new JsonObject().put("maxAttempts", 100_000)
                        .put("initialDelayMs", 20).put("maxDelayMs", 20).put("multiplier", 1.0).put("jitter", 0.0)))), true);
        platform = TestPlatform.start(config, List.of());
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void deadLettersOutboxAndOpenSagasAreReportedFromTheSharedTables() {
        platform.deploy(new CounterAgent(platform.runtime()));
        awaitFailure(Bus.request(platform.vertx(), Bus.command("never", new IncrementNever("never"))));
        platform.query("""
                INSERT INTO dead_letters (consumer, message_id, message_type, envelope, error, attempts, status)
                VALUES ('view#1/2', gen_random_uuid(), 't', '{}', 'e', 0, 'PARKED')""");
        platform.query("""
                INSERT INTO outbox (message_id, address, envelope, next_attempt_at, created_at)
                VALUES (gen_random_uuid(), 'command.nobody', '{}', now() + interval '1 hour', now() - interval '90 seconds')""");
        platform.query("""
                INSERT INTO sagas (saga, correlation_id, state, step, completed, created_at) VALUES
                  ('trip', 'a', '{}', 'BOOKING', false, now() - interval '1 hour'),
                  ('trip', 'b', '{}', 'BOOKING', false, now()),
                  ('trip', 'c', '{}', 'DONE', true, now() - interval '2 hours')""");
        MeterRegistry registry = registry();

        platform.deploy(new OperationsGauges(platform.pool(), registry, platform.runtime().leases(), INTERVAL));

        // one round registers its series one after another: wait for the last of them
        awaitValue(() -> gauge(registry, "sagas.oldest.open.age", "saga", "trip", "step", "BOOKING").map(age -> 1.0), 1);
        assertThat(gauge(registry, "dead.letters", "agent", "counter", "status", "DEAD")).contains(1.0);
        assertThat(gauge(registry, "dead.letters", "agent", "view", "status", "PARKED")).as("a segment counts for its agent").contains(1.0);
        assertThat(gauge(registry, "outbox.backlog")).contains(1.0);
        assertThat(gauge(registry, "outbox.oldest.age").orElseThrow()).isGreaterThanOrEqualTo(90);
        assertThat(gauge(registry, "sagas.open", "saga", "trip", "step", "BOOKING")).contains(2.0);
        assertThat(gauge(registry, "sagas.open", "saga", "trip", "step", "DONE")).as("a completed saga is not open").isEmpty();
        assertThat(gauge(registry, "sagas.oldest.open.age", "saga", "trip", "step", "BOOKING").orElseThrow())
                .isGreaterThanOrEqualTo(3600).isLessThan(7200);

        await(platform.runtime().deadLetters().discard(platform.query(
                "SELECT id FROM dead_letters WHERE consumer = 'counter'").get(0).getLong(0)));
        awaitValue(() -> gauge(registry, "dead.letters", "agent", "counter", "status", "DEAD"), 0);
    }

    @Test
    void aSubscriptionsLagIsReportedByTheNodeHoldingItsLease() {
        platform.query(RecordingObserver.CREATE_TABLE);
        RecordingObserver observer = new RecordingObserver("lagging", platform.runtime());
        observer.failOn().add("stuck");
        platform.deploy(observer);
        append("stuck");
        append("after-1");
        append("after-2");
        MeterRegistry registry = registry();

        platform.deploy(new OperationsGauges(platform.pool(), registry, platform.runtime().leases(), INTERVAL));

        awaitValue(() -> gauge(registry, "subscription.lag.events", "subscription", "lagging"), 3);
        org.awaitility.Awaitility.await().atMost(PATIENCE).until(() ->
                gauge(registry, "subscription.lag", "subscription", "lagging").orElse(0.0) > 0.2);

        observer.failOn().clear();

        awaitValue(() -> gauge(registry, "subscription.lag.events", "subscription", "lagging"), 0);
        awaitValue(() -> gauge(registry, "subscription.lag", "subscription", "lagging"), 0);
    }

    @Test
    void ofTwoNodesOnOneDatabaseOnlyOneReportsTheSharedValuesAndNoneASubscriptionItDoesNotRun() {
        platform.query(RecordingObserver.CREATE_TABLE);
        platform.deploy(new RecordingObserver("watched", platform.runtime()));
        platform.query("""
                INSERT INTO outbox (message_id, address, envelope, next_attempt_at)
                VALUES (gen_random_uuid(), 'command.nobody', '{}', now() + interval '1 hour')""");
        MeterRegistry first = registry();
        platform.deploy(new OperationsGauges(platform.pool(), first, platform.runtime().leases(), INTERVAL));
        awaitValue(() -> gauge(first, "outbox.backlog"), 1);

        TestPlatform other = platform.anotherNode(TestPlatform.testConfig(), "other-node");
        other.deploy(new RecordingObserver("watched-there", other.runtime()));
        MeterRegistry second = other.runtime().metrics().registry();
        other.deploy(new OperationsGauges(other.pool(), second, other.runtime().leases(), INTERVAL));
        // the second node reports the lag of the subscription it runs: its rounds run
        awaitValue(() -> gauge(second, "subscription.lag.events", "subscription", "watched-there"), 0);

        assertThat(gauge(first, "outbox.backlog")).contains(1.0);
        assertThat(gauge(second, "outbox.backlog")).as("the node without the lease reports nothing").isEmpty();
        assertThat(gauge(first, "subscription.lag.events", "subscription", "watched")).contains(0.0);
        assertThat(gauge(second, "subscription.lag.events", "subscription", "watched")).isEmpty();
        assertThat(gauge(first, "subscription.lag.events", "subscription", "watched-there")).isEmpty();
    }

    private MeterRegistry registry() {
        return platform.runtime().metrics().registry();
    }

    private void append(String stream) {
        await(Tx.run(platform.pool(), tx -> platform.runtime().events().append(tx, stream, 0,
                List.of(Envelope.of(MessageKind.EVENT, stream, stream, new Incremented(stream, 1), Instant.now())))));
    }

    private static Optional<Double> gauge(MeterRegistry registry, String name, String... tags) {
        Gauge gauge = registry.find(name).tags(tags).gauge();
        return gauge == null ? Optional.empty() : Optional.of(gauge.value());
    }

    private static void awaitValue(java.util.function.Supplier<Optional<Double>> gauge, double expected) {
        org.awaitility.Awaitility.await().atMost(PATIENCE).until(() -> gauge.get().map(value -> value == expected).orElse(false));
    }
}
