package dev.domainagents.core.lease;

import dev.domainagents.core.fixtures.CounterMessages.Incremented;
import dev.domainagents.core.fixtures.RecordingObserver;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageKind;
import dev.domainagents.core.store.Tx;
import dev.domainagents.core.testkit.TestPlatform;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A subscription split into segments by stream id: one node alone holds every segment; a
 * node that joins gets its share; when a holder dies, the survivor takes its segments back.
 * Throughout, every event is handled once and each stream's events in order.
 */
class SegmentsTest {
    private static final int SEGMENTS = 4;
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final JsonObject CONFIG = TestPlatform.testConfig()
            .put("agents", new JsonObject().put("watcher", new JsonObject().put("segments", SEGMENTS)));
    private TestPlatform first;
    private TestPlatform second;
    private final Map<String, Long> versions = new HashMap<>();

    @BeforeEach
    void start() {
        first = TestPlatform.start(CONFIG, List.of());
        first.query(RecordingObserver.CREATE_TABLE);
        second = first.anotherNode(CONFIG, "second-node");
    }

    @AfterEach
    void stop() {
        first.close();
    }

    @Test
    void segmentsAreSharedWhenANodeJoinsAndTakenBackWhenOneDies() {
        first.deploy(new RecordingObserver("watcher", first.runtime()));
        await().atMost(BOUND).until(() -> segmentsHeldBy(first) == SEGMENTS);
        appendToStreams(20, 3);
        await().atMost(BOUND).until(() -> seen() == 60);

        RecordingObserver joined = new RecordingObserver("watcher", second.runtime());
        second.deploy(joined);
        await("the joining node's share").atMost(BOUND).until(() -> segmentsHeldBy(first) == 2 && segmentsHeldBy(second) == 2);
        appendToStreams(20, 3);
        await().atMost(BOUND).until(() -> seen() == 120);
        assertThat(joined.handled()).as("the joined node works its share").isPositive();

        TestPlatform survivor = second;
        first.crash();
        await("the survivor takes every segment").atMost(BOUND).until(() -> segmentsHeldBy(survivor) == SEGMENTS);
        appendToStreams(survivor, 20, 3);
        await().atMost(BOUND).until(() -> survivor.count("SELECT count(*) FROM seen") == 180);

        assertThat(survivor.count("SELECT count(*) FROM seen")).as("each event once").isEqualTo(180);
        assertThat(survivor.count("SELECT count(*) FROM dead_letters")).as("a second handling would break seen's unique key").isZero();
        assertEachStreamSeenInOrder(survivor);
    }

    private static long segmentsHeldBy(TestPlatform node) {
        return node.runtime().leases().held().entrySet().stream()
                .filter(lease -> lease.getKey().startsWith("subscription:watcher#") && lease.getValue()).count();
    }

    private long seen() {
        return first.count("SELECT count(*) FROM seen");
    }

    private void appendToStreams(int streams, int eventsEach) {
        appendToStreams(first, streams, eventsEach);
    }

    private void appendToStreams(TestPlatform node, int streams, int eventsEach) {
        for (int round = 0; round < eventsEach; round++) {
            for (int stream = 0; stream < streams; stream++) {
                String id = "counter-" + stream;
                long version = versions.merge(id, 1L, Long::sum) - 1;
                Envelope event = Envelope.of(MessageKind.EVENT, id, id, new Incremented(id, 1), Instant.now());
                await(Tx.run(node.pool(), tx -> node.runtime().events().append(tx, id, version, List.of(event))));
            }
        }
    }

    private static void assertEachStreamSeenInOrder(TestPlatform node) {
        Map<String, Long> last = new HashMap<>();
        for (Row row : node.query("SELECT stream_id, version FROM seen ORDER BY seq")) {
            long previous = last.getOrDefault(row.getString(0), 0L);
            assertThat(row.getLong(1)).as("%s after version %d", row.getString(0), previous).isEqualTo(previous + 1);
            last.put(row.getString(0), row.getLong(1));
        }
    }
}
