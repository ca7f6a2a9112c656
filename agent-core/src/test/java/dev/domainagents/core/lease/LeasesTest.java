package dev.domainagents.core.lease;

import dev.domainagents.core.fixtures.CounterMessages.Incremented;
import dev.domainagents.core.fixtures.RecordingObserver;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageKind;
import dev.domainagents.core.store.Subscription;
import dev.domainagents.core.store.Tx;
import dev.domainagents.core.testkit.TestPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
        assertThat(survivor.count("SELECT count(DISTINCT event_id) FROM seen")).isEqualTo(60);
    }

    private void append(String stream, int count) {
        append(first, stream, count);
    }

    private static void append(TestPlatform node, String stream, int count) {
        for (int i = 0; i < count; i++) {
            long version = i;
            Envelope event = Envelope.of(MessageKind.EVENT, stream, stream, new Incremented(stream, 1), Instant.now());
            await(Tx.run(node.pool(), tx -> node.runtime().events().append(tx, stream, version, List.of(event))));
        }
    }
}
