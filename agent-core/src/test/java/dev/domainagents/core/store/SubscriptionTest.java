package dev.domainagents.core.store;

import dev.domainagents.core.delivery.DeadLetter;
import dev.domainagents.core.fixtures.CounterMessages.CounterValue;
import dev.domainagents.core.fixtures.EchoCoordinator;
import dev.domainagents.core.fixtures.RecordingObserver;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageKind;
import dev.domainagents.core.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static dev.domainagents.core.store.EventStoreTest.events;
import static dev.domainagents.core.testkit.TestPlatform.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SubscriptionTest {
    private TestPlatform platform;

    @BeforeEach
    void start() {
        platform = TestPlatform.start();
        platform.query(RecordingObserver.CREATE_TABLE);
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void concurrentAppendersNeverMakeTheSubscriptionSkipOrRepeatAnEvent() {
        platform.deploy(new RecordingObserver("watcher", platform.runtime()));
        int writers = 16;
        int eventsPerWriter = 40;

        List<Future<Void>> writing = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            writing.add(appendOneByOne("writer-" + w, eventsPerWriter));
        }
        await(Future.all(writing));

        int total = writers * eventsPerWriter;
        await().atMost(Duration.ofSeconds(30)).until(() -> platform.count("SELECT count(*) FROM seen") >= total);
        assertThat(platform.count("SELECT count(*) FROM seen")).isEqualTo(total);
        assertThat(platform.count("SELECT count(*) FROM dead_letters")).as("a second handling would break seen's unique key").isZero();
        assertThat(platform.count("SELECT count(*) FROM events")).isEqualTo(total);
        assertEachStreamSeenInVersionOrder();
    }

    @Test
    void restartedSubscriptionResumesFromItsCheckpointAndSeesEachEventOnceInOrder() {
        String first = platform.deploy(new RecordingObserver("resumer", platform.runtime()));
        appendSequentially("r", 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> platform.count("SELECT count(*) FROM seen") == 10);

        platform.undeploy(first);
        appendSequentially("r-while-down", 10);
        assertThat(platform.count("SELECT count(*) FROM seen")).isEqualTo(10);
        platform.deploy(new RecordingObserver("resumer", platform.runtime()));

        await().atMost(Duration.ofSeconds(10)).until(() -> platform.count("SELECT count(*) FROM seen") >= 20);
        List<UUID> seenInOrder = platform.query("SELECT event_id FROM seen ORDER BY seq").stream().map(r -> r.getUUID(0)).toList();
        List<UUID> globalOrder = platform.query("SELECT event_id FROM events ORDER BY tx_id, position").stream().map(r -> r.getUUID(0)).toList();
        assertThat(seenInOrder).containsExactlyElementsOf(globalOrder);
    }

    @Test
    void eventFailingPastItsRetriesIsDeadLetteredAndLaterEventsOfItsStreamWaitBehindIt() {
        RecordingObserver observer = new RecordingObserver("picky", platform.runtime());
        observer.failOn().add("bad");
        platform.deploy(observer);

        appendSequentially("bad", 3);
        appendSequentially("good", 2);

        await().atMost(Duration.ofSeconds(10)).until(() -> platform.count("SELECT count(*) FROM dead_letters") == 3
                && platform.count("SELECT count(*) FROM seen") == 2);
        List<Row> letters = platform.query("SELECT status, attempts, error, stream_version FROM dead_letters ORDER BY stream_version");
        assertThat(letters).extracting(r -> r.getString("status")).containsExactly("DEAD", "PARKED", "PARKED");
        assertThat(letters.get(0).getInteger("attempts")).isEqualTo(3);
        assertThat(letters.get(0).getString("error")).contains("cannot handle stream bad");
        assertThat(platform.query("SELECT stream_id FROM seen")).extracting(r -> r.getString(0)).containsOnly("good");
    }

    @Test
    void eventWhoseConnectionTheDatabaseDropsMoreTimesThanItsAttemptsIsHandledOnceBackNotDeadLettered() {
        RecordingObserver observer = new RecordingObserver("cut", platform.runtime());
        observer.cutOff("cut", 5); // the test policy gives an event 3 attempts
        platform.deploy(observer);

        appendSequentially("cut", 2);

        await().atMost(Duration.ofSeconds(10)).until(() -> platform.count("SELECT count(*) FROM seen") == 2);
        assertThat(platform.count("SELECT count(*) FROM dead_letters")).isZero();
        assertEachStreamSeenInVersionOrder();
    }

    @Test
    void redriveOfADeadEventHandlesItThenTheEventsParkedBehindItInOrder() {
        RecordingObserver observer = new RecordingObserver("healing", platform.runtime());
        observer.failOn().add("bad");
        platform.deploy(observer);
        appendSequentially("bad", 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> platform.count("SELECT count(*) FROM dead_letters") == 3);

        observer.failOn().clear();
        long deadId = platform.query("SELECT id FROM dead_letters WHERE status = 'DEAD'").get(0).getLong(0);
        assertThat(await(platform.runtime().deadLetters().redrive(deadId))).map(DeadLetter::id).contains(deadId);

        await().atMost(Duration.ofSeconds(10)).until(() -> platform.count("SELECT count(*) FROM dead_letters") == 0);
        assertThat(platform.query("SELECT version FROM seen WHERE stream_id = 'bad' ORDER BY seq"))
                .extracting(r -> r.getLong(0)).containsExactly(1L, 2L, 3L);
        appendSequentially("bad", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> platform.count("SELECT count(*) FROM seen WHERE stream_id = 'bad'") == 4);
        assertThat(platform.count("SELECT count(*) FROM dead_letter_audit WHERE action = 'REDRIVE'")).isEqualTo(1);
    }

    @Test
    void aSubscriptionToRareTypesMovesItsCheckpointPastTheEventsItDoesNotHandle() {
        platform.deploy(new EchoCoordinator(platform.runtime()));
        appendOther("noise", 3);
        await(Tx.run(platform.pool(), tx -> platform.runtime().events().append(tx, "c-1", 0, events("c-1", 1))));
        // the echo reacted: its command waits in the outbox (no counter agent is deployed to take it)
        await().atMost(Duration.ofSeconds(10)).until(() -> platform.count("SELECT count(*) FROM outbox") == 1);
        appendOther("noise", 3);

        GlobalPosition lastNoise = lastEvent();
        await("the checkpoint past the noise").atMost(Duration.ofSeconds(10)).until(() -> checkpointOf("echo").equals(lastNoise));
        assertThat(platform.count("SELECT count(*) FROM outbox")).as("the noise handled by nobody").isEqualTo(1);
    }

    @Test
    void aSubscriptionToRareTypesNeverMovesItsCheckpointPastAnEventStillBeingWritten() {
        platform.deploy(new EchoCoordinator(platform.runtime()));
        Promise<Void> commit = Promise.promise();
        AtomicLong lateTransaction = new AtomicLong();
        Future<Void> late = Tx.run(platform.pool(), tx -> platform.runtime().events().append(tx, "c-late", 0, events("c-late", 1))
                .compose(appended -> tx.connection().query("SELECT pg_current_xact_id()::text::bigint").execute())
                .compose(id -> {
                    lateTransaction.set(id.iterator().next().getLong(0));
                    return commit.future();
                }));
        await().atMost(Duration.ofSeconds(5)).until(() -> lateTransaction.get() > 0);
        appendOther("noise", 3); // committed after the late event was written, before it commits

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> checkpointOf("echo").transactionId() < lateTransaction.get());
        platform.vertx().runOnContext(now -> commit.complete());
        await(late);

        await("the late event handled").atMost(Duration.ofSeconds(10)).until(() -> platform.count("SELECT count(*) FROM outbox") == 1);
        GlobalPosition lastNoise = lastEvent();
        await().atMost(Duration.ofSeconds(10)).until(() -> checkpointOf("echo").equals(lastNoise));
    }

    private GlobalPosition lastEvent() {
        Row last = platform.query("SELECT tx_id, position FROM events ORDER BY tx_id DESC, position DESC LIMIT 1").get(0);
        return new GlobalPosition(last.getLong(0), last.getLong(1));
    }

    private GlobalPosition checkpointOf(String subscription) {
        Row checkpoint = platform.query("SELECT tx_id, position FROM checkpoints WHERE subscription = '" + subscription + "'").get(0);
        return new GlobalPosition(checkpoint.getLong(0), checkpoint.getLong(1));
    }

    @Test
    void eventsHeldBackBehindAnOlderRunningTransactionAreReadSoonAfterItEndsWithoutWaitingForThePoll() {
        JsonObject slowPolls = TestPlatform.testConfig().put("subscriptions", new JsonObject().put("batchSize", 100).put("pollIntervalMs", 60_000));
        try (TestPlatform slow = TestPlatform.start(slowPolls, List.of())) {
            slow.query(RecordingObserver.CREATE_TABLE);
            slow.deploy(new RecordingObserver("patient", slow.runtime()));
            SqlConnection blocker = await(slow.pool().getConnection());
            Transaction blocking = await(blocker.begin());
            await(blocker.query("SELECT pg_current_xact_id()").execute()); // an older transaction id, still running

            await(Tx.run(slow.pool(), tx -> slow.runtime().events().append(tx, "held", 0, events("held", 1))));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> slow.count("SELECT count(*) FROM seen") == 0);
            await(blocking.commit()); // appends nothing: no hint follows
            await(blocker.close());

            await().atMost(Duration.ofSeconds(5)).until(() -> slow.count("SELECT count(*) FROM seen") == 1);
        }
    }

    private void appendOther(String stream, int count) {
        long current = platform.count("SELECT count(*) FROM events WHERE stream_id = '" + stream + "'");
        for (int i = 0; i < count; i++) {
            long expected = current + i;
            Envelope other = Envelope.of(MessageKind.EVENT, stream, stream, new CounterValue(stream, i), Instant.now());
            await(Tx.run(platform.pool(), tx -> platform.runtime().events().append(tx, stream, expected, List.of(other))));
        }
    }

    /** Each append in its own transaction that stays open a random moment, so commits finish out of sequence order. */
    private Future<Void> appendOneByOne(String stream, int count) {
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < count; i++) {
            long expected = i;
            chain = chain.compose(previous -> Tx.run(platform.pool(), tx -> platform.runtime().events()
                    .append(tx, stream, expected, events(stream, 1))
                    .compose(appended -> tx.connection().query("SELECT pg_sleep(random() * 0.01)").execute())
                    .mapEmpty()));
        }
        return chain;
    }

    private void appendSequentially(String stream, int count) {
        long current = platform.count("SELECT count(*) FROM events WHERE stream_id = '" + stream + "'");
        for (int i = 0; i < count; i++) {
            long expected = current + i;
            await(Tx.run(platform.pool(), tx -> platform.runtime().events().append(tx, stream, expected, events(stream, 1))));
        }
    }

    private void assertEachStreamSeenInVersionOrder() {
        Map<String, Long> lastVersion = new HashMap<>();
        for (Row row : platform.query("SELECT stream_id, version FROM seen ORDER BY seq")) {
            long previous = lastVersion.getOrDefault(row.getString(0), 0L);
            assertThat(row.getLong(1)).as("version after %d in %s", previous, row.getString(0)).isEqualTo(previous + 1);
            lastVersion.put(row.getString(0), row.getLong(1));
        }
    }
}
