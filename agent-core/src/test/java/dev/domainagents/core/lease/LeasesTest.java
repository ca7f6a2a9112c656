package dev.domainagents.core.lease;

import dev.domainagents.core.fixtures.CounterMessages.Incremented;
import dev.domainagents.core.fixtures.RecordingObserver;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageKind;
import dev.domainagents.core.store.Subscription;
import dev.domainagents.core.store.Tx;
import dev.domainagents.core.testkit.TestPlatform;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on one database, as two processes would be: each durable consumer runs on the
 * one that holds its lease, and when that node dies (its connections drop, as a killed
 * process's do), the other takes over from the checkpoint, without an event skipped or
 * applied twice.
 */
class LeasesTest {
    private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(10);
    private TestPlatform first;
    private TestPlatform second;

    @BeforeEach
    void start() {
        first = TestPlatform.start();
        first.query(RecordingObserver.CREATE_TABLE);
        second = first.anotherNode(TestPlatform.testConfig(), "second-node");
    }

    @AfterEach
    void stop() {
        first.close();
    }

    @Test
    void aLeaseIsHeldByOneNodeAtATimeAndTakenOverWhenItsHolderStops() {
        Lease mine = first.runtime().leases().lease("job");
        await().atMost(TAKEOVER_BOUND).until(mine::held);
        Lease theirs = second.runtime().leases().lease("job");

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !theirs.held());
        await(first.runtime().leases().release(mine));

        await().atMost(TAKEOVER_BOUND).until(theirs::held);
        assertThat(mine.held()).isFalse();
    }

    @Test
    void aSubscriptionRunsOnOneNodeAndTheOtherResumesFromItsCheckpointWhenTheHolderDies() {
        RecordingObserver onFirst = new RecordingObserver("watcher", first.runtime());
        first.deploy(onFirst);
        await().atMost(TAKEOVER_BOUND).until(() -> first.runtime().leases().held().getOrDefault(Subscription.LEASE_PREFIX + "watcher", false));
        RecordingObserver onSecond = new RecordingObserver("watcher", second.runtime());
        second.deploy(onSecond);
        append("before", 30);
        await().atMost(TAKEOVER_BOUND).until(() -> first.count("SELECT count(*) FROM seen") == 30);
        assertThat(onFirst.handled()).isEqualTo(30);
        assertThat(onSecond.handled()).as("the node without the lease does nothing").isZero();

        assertThat(first.count("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'domain-agents lease test-node-%'"
                + " AND datname = current_database()"))
                .as("the holder is named in pg_stat_activity").isEqualTo(1);
        TestPlatform survivor = second;
        first.crash();
        append(survivor, "after", 30);

        await().atMost(TAKEOVER_BOUND).until(() -> survivor.count("SELECT count(*) FROM seen") == 60);
        assertThat(onSecond.handled()).as("the survivor took over where the checkpoint was").isEqualTo(30);
        assertThat(survivor.count("SELECT count(*) FROM dead_letters")).as("a second handling would break seen's unique key").isZero();
    }

    @Test
    void aLeaseConnectionTheServerEndsIsNeverHandedToOtherWorkOfTheNode() {
        Lease lease = first.runtime().leases().lease("job");
        int failed = 0;
        for (int round = 0; round < 10; round++) {
            await().atMost(TAKEOVER_BOUND).until(lease::held);
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                work.add(first.pool().query("SELECT pg_sleep(0.005)").execute());
            }
            second.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name LIKE 'domain-agents lease test-node-%' AND datname = current_database()");
            for (Future<?> query : work) {
                failed += awaitOutcome(query) ? 0 : 1;
            }
        }
        assertThat(failed).as("queries of the node that failed with its ended lease connection").isZero();
        await().atMost(TAKEOVER_BOUND).until(lease::held);
    }

    private static boolean awaitOutcome(Future<?> query) {
        try {
            await(query);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void twoNodesPollingOneSubscriptionAtOnceHandleEachEventOnce() {
        PollingNodes cluster = new PollingNodes(first, second, 2, Set.of());
        Future<Void> writing = cluster.write(List.of("w-0", "w-1", "w-2", "w-3", "w-4", "w-5"), 60);
        cluster.moveLeasesUntil(writing);

        await().atMost(TAKEOVER_BOUND).until(() -> cluster.count("SELECT count(*) FROM handlings") >= 360);
        assertThat(cluster.count("SELECT count(*) FROM handlings")).as("handlings of 360 events").isEqualTo(360);
        assertThat(cluster.count("SELECT count(DISTINCT event_id) FROM handlings")).isEqualTo(360);
        assertThat(cluster.count("SELECT count(*) FROM dead_letters")).isZero();
        cluster.assertEachStreamHandledInOrder();
    }

    @Test
    void aStreamParkedWhileTwoNodesPollAtOnceHasOneDeadEventAndItsRedriveHandlesEachEventOnceInOrder() {
        PollingNodes cluster = new PollingNodes(first, second, 2, Set.of("bad"));
        Future<Void> writing = cluster.write(List.of("w-0", "w-1", "bad", "w-2", "w-3"), 40);
        cluster.moveLeasesUntil(writing);

        await().atMost(TAKEOVER_BOUND).until(() -> cluster.count("SELECT count(*) FROM handlings") >= 160
                && cluster.count("SELECT count(*) FROM dead_letters") >= 40);
        assertThat(cluster.query("SELECT stream_version, status FROM dead_letters ORDER BY stream_version"))
                .extracting(row -> row.getLong(0) + ":" + row.getString(1))
                .as("one dead event, the rest of its stream parked behind it, on whichever node came to it")
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 40)
                        .mapToObj(version -> version + (version == 1 ? ":DEAD" : ":PARKED")).toList());

        cluster.observers().forEach(observer -> observer.failOn().clear());
        long dead = cluster.query("SELECT id FROM dead_letters WHERE status = 'DEAD'").get(0).getLong(0);
        await(first.runtime().deadLetters().redrive(dead));
        await().atMost(TAKEOVER_BOUND).until(() -> cluster.count("SELECT count(*) FROM dead_letters") == 0);
        assertThat(cluster.count("SELECT count(*) FROM handlings")).as("handlings of 200 events").isEqualTo(200);
        assertThat(cluster.count("SELECT count(DISTINCT event_id) FROM handlings")).isEqualTo(200);
        cluster.assertEachStreamHandledInOrder();
    }

    @Test
    void aParkedStreamStaysParkedWhenItsLeaseMovesAndGoesOnEverywhereOnceItsDeadEventIsDiscarded() {
        RecordingObserver onFirst = new RecordingObserver("watcher", first.runtime());
        onFirst.failOn().add("bad");
        String deployed = first.deploy(onFirst);
        await().atMost(TAKEOVER_BOUND).until(() -> first.runtime().leases().held().getOrDefault(Subscription.LEASE_PREFIX + "watcher", false));
        RecordingObserver onSecond = new RecordingObserver("watcher", second.runtime());
        second.deploy(onSecond);
        append("bad", 2);
        await().atMost(TAKEOVER_BOUND).until(() -> first.count("SELECT count(*) FROM dead_letters") == 2);

        first.undeploy(deployed);
        await("the lease moved").atMost(TAKEOVER_BOUND)
                .until(() -> second.runtime().leases().held().getOrDefault(Subscription.LEASE_PREFIX + "watcher", false));
        append("bad", 1);
        append("good", 3);
        await().atMost(TAKEOVER_BOUND).until(() -> first.count("SELECT count(*) FROM seen WHERE stream_id = 'good'") == 3);
        assertThat(first.count("SELECT count(*) FROM seen WHERE stream_id = 'bad'")).as("the new holder keeps the stream parked").isZero();
        assertThat(first.query("SELECT stream_version, status FROM dead_letters ORDER BY stream_version"))
                .extracting(row -> row.getLong(0) + ":" + row.getString(1)).containsExactly("1:DEAD", "2:PARKED", "3:PARKED");

        long dead = first.query("SELECT id FROM dead_letters WHERE status = 'DEAD'").get(0).getLong(0);
        assertThat(await(first.runtime().deadLetters().discard(dead))).isPresent(); // on the node that no longer runs it
        await("the parked events handled on the other node").atMost(TAKEOVER_BOUND)
                .until(() -> first.count("SELECT count(*) FROM seen WHERE stream_id = 'bad'") == 2);
        append("bad", 1);
        await().atMost(TAKEOVER_BOUND).until(() -> first.count("SELECT count(*) FROM seen WHERE stream_id = 'bad'") == 3);
        assertThat(first.query("SELECT version FROM seen WHERE stream_id = 'bad' ORDER BY seq"))
                .extracting(row -> row.getLong(0)).containsExactly(2L, 3L, 4L);
        assertThat(first.count("SELECT count(*) FROM dead_letters")).isZero();
        assertThat(onSecond.handled()).isEqualTo(6);
    }

    private void append(String stream, int count) {
        append(first, stream, count);
    }

    private static void append(TestPlatform node, String stream, int count) {
        long current = node.count("SELECT count(*) FROM events WHERE stream_id = '" + stream + "'");
        for (int i = 0; i < count; i++) {
            long version = current + i;
            Envelope event = Envelope.of(MessageKind.EVENT, stream, stream, new Incremented(stream, 1), Instant.now());
            await(Tx.run(node.pool(), tx -> node.runtime().events().append(tx, stream, version, List.of(event))));
        }
    }
}
