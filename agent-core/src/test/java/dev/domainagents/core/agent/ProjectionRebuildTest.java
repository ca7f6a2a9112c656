package dev.domainagents.core.agent;

import dev.domainagents.core.fixtures.CounterMessages.Incremented;
import dev.domainagents.core.fixtures.GatedProjection;
import dev.domainagents.core.message.Addresses;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageKind;
import dev.domainagents.core.store.Tx;
import dev.domainagents.core.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A projection rebuilt from zero ends with its whole model, whatever was in flight when the
 * rebuild came, and the rebuild leaves its dead letters as the operator left them.
 */
class ProjectionRebuildTest {
    private static final Duration BOUND = Duration.ofSeconds(15);
    private TestPlatform platform;
    private GatedProjection projection;

    @BeforeEach
    void start() {
        platform = TestPlatform.start();
        platform.query(GatedProjection.CREATE_TABLE);
        projection = new GatedProjection("gated", platform.runtime());
        platform.deploy(projection);
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void aRebuildRequestedWhileABatchIsInFlightEndsWithTheWholeModelRebuilt() {
        append("a", 20);
        await().atMost(BOUND).until(() -> projected() == 20);

        SqlConnection gate = await(platform.pool().getConnection());
        await(gate.preparedQuery("SELECT pg_advisory_lock($1)").execute(Tuple.of(GatedProjection.GATE)));
        append("b", 10);
        await("a batch waits at the gate").atMost(BOUND).until(() -> waitingForLocks() == 1);
        Future<Message<Object>> rebuilt = platform.vertx().eventBus()
                .request(Addresses.rebuild("gated"), null, new DeliveryOptions().setSendTimeout(BOUND.toMillis()));
        await("the rewind waits for the batch").atMost(BOUND).until(() -> waitingForLocks() == 2);
        append("c", 10);
        await(gate.preparedQuery("SELECT pg_advisory_unlock($1)").execute(Tuple.of(GatedProjection.GATE)));
        await(gate.close());
        await(rebuilt);

        await("the replay from zero").atMost(BOUND).until(() -> checkpointAtLastEvent() && projected() == 40);
        assertThat(platform.query("SELECT counter_id, amount FROM projected ORDER BY counter_id, amount"))
                .extracting(row -> row.getString(0) + "#" + row.getInteger(1))
                .containsExactlyInAnyOrderElementsOf(expected(List.of("a", "b", "c"), List.of(20, 10, 10)));
        assertThat(platform.count("SELECT count(*) FROM dead_letters")).isZero();
    }

    @Test
    void aRebuildKeepsADeadEventDeadAndRebuildsTheEventsOfItsStreamBeforeIt() {
        projection.failOn().add("counter-bad#2");
        append("bad", 3);
        append("good", 3);
        await().atMost(BOUND).until(() -> projected() == 4 && platform.count("SELECT count(*) FROM dead_letters") == 2);

        await(platform.vertx().eventBus().request(Addresses.rebuild("gated"), null));
        await("the replay from zero").atMost(BOUND).until(() -> checkpointAtLastEvent() && projected() == 4);

        assertThat(platform.query("SELECT counter_id, amount FROM projected ORDER BY counter_id, amount"))
                .extracting(row -> row.getString(0) + "#" + row.getInteger(1))
                .containsExactly("counter-bad#1", "counter-good#1", "counter-good#2", "counter-good#3");
        assertThat(platform.query("SELECT stream_version, status FROM dead_letters ORDER BY stream_version"))
                .extracting(row -> row.getLong(0) + ":" + row.getString(1))
                .as("the dead event stays dead, the one behind it parked")
                .containsExactly("2:DEAD", "3:PARKED");

        projection.failOn().clear();
        long dead = platform.query("SELECT id FROM dead_letters WHERE status = 'DEAD'").get(0).getLong(0);
        await(platform.runtime().deadLetters().redrive(dead));
        await().atMost(BOUND).until(() -> projected() == 6);
        assertThat(platform.count("SELECT count(*) FROM dead_letters")).isZero();
    }

    private void append(String counter, int events) {
        String stream = "counter-" + counter;
        long version = platform.count("SELECT count(*) FROM events WHERE stream_id = '" + stream + "'");
        for (int i = 0; i < events; i++) {
            long expected = version + i;
            Envelope event = Envelope.of(MessageKind.EVENT, stream, stream, new Incremented(stream, (int) expected + 1), Instant.now());
            await(Tx.run(platform.pool(), tx -> platform.runtime().events().append(tx, stream, expected, List.of(event))));
        }
    }

    private long projected() {
        return platform.count("SELECT count(*) FROM projected");
    }

    private long waitingForLocks() {
        return platform.count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
    }

    private boolean checkpointAtLastEvent() {
        Row last = platform.query("SELECT tx_id, position FROM events ORDER BY tx_id DESC, position DESC LIMIT 1").get(0);
        Row checkpoint = platform.query("SELECT tx_id, position FROM checkpoints WHERE subscription = 'gated'").get(0);
        return last.getLong(0).equals(checkpoint.getLong(0)) && last.getLong(1).equals(checkpoint.getLong(1));
    }

    private static List<String> expected(List<String> counters, List<Integer> counts) {
        return IntStream.range(0, counters.size()).boxed()
                .flatMap(i -> IntStream.rangeClosed(1, counts.get(i)).mapToObj(amount -> "counter-" + counters.get(i) + "#" + amount))
                .toList();
    }
}
