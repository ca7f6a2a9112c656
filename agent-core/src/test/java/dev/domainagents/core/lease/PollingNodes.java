package dev.domainagents.core.lease;

import dev.domainagents.core.fixtures.CounterMessages.Incremented;
import dev.domainagents.core.fixtures.HandlingsObserver;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageKind;
import dev.domainagents.core.store.Subscription;
import dev.domainagents.core.store.Tx;
import dev.domainagents.core.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes that poll one subscription ({@code racer}) at once: each runs it in several
 * verticle instances (the instances of a node share its lease, so they all poll while it
 * holds it), and the lease is moved from node to node while batches are in flight, by
 * ending the lease connections in PostgreSQL. Events are written, and counted, through a third
 * node that runs no agent, so the connections ended are never its own.
 */
final class PollingNodes {
    private static final String LEASE = Subscription.LEASE_PREFIX + "racer";
    private final TestPlatform first;
    private final TestPlatform second;
    private final TestPlatform witness;
    private final List<HandlingsObserver> observers = new ArrayList<>();

    PollingNodes(TestPlatform first, TestPlatform second, int instancesEach, Set<String> failingStreams) {
        this.first = first;
        this.second = second;
        this.witness = first.anotherNode(TestPlatform.testConfig(), "witness");
        witness.query(HandlingsObserver.CREATE_TABLE);
        for (TestPlatform node : List.of(first, second)) {
            String nodeName = node == first ? "first" : "second";
            for (int i = 0; i < instancesEach; i++) {
                HandlingsObserver observer = new HandlingsObserver("racer", nodeName, node.runtime());
                observer.failOn().addAll(failingStreams);
                observers.add(observer);
                node.deploy(observer);
            }
        }
    }

    List<HandlingsObserver> observers() {
        return observers;
    }

    /** Appends {@code eventsEach} events to each stream, one transaction an event, the streams concurrently. */
    Future<Void> write(List<String> streams, int eventsEach) {
        List<Future<Void>> writers = new ArrayList<>();
        for (String stream : streams) {
            Future<Void> chain = Future.succeededFuture();
            for (int i = 0; i < eventsEach; i++) {
                long expected = i;
                Envelope event = Envelope.of(MessageKind.EVENT, stream, stream, new Incremented(stream, 1), Instant.now());
                chain = chain.compose(previous -> Tx.run(witness.pool(),
                        tx -> witness.runtime().events().append(tx, stream, expected, List.of(event))).mapEmpty());
            }
            writers.add(chain);
        }
        return Future.all(writers).mapEmpty();
    }

    /**
     * Ends the lease connections of both nodes again and again, each time until one of them
     * holds the lease anew, until the writing is done and each node has held the lease.
     */
    void moveLeasesUntil(Future<Void> writing) {
        Set<TestPlatform> holders = new HashSet<>();
        for (int moves = 0; !writing.isComplete() || holders.size() < 2; moves++) {
            assertThat(moves).as("moves of the lease before each node held it").isLessThan(200);
            witness.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name LIKE 'domain-agents lease %' AND application_name <> 'domain-agents lease witness'"
                    + " AND datname = current_database()");
            await("a node holds the lease again").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> holds(first) || holds(second));
            holders.add(holds(first) ? first : second);
        }
        TestPlatform.await(writing);
    }

    private static boolean holds(TestPlatform node) {
        return node.runtime().leases().held().getOrDefault(LEASE, false);
    }

    long count(String sql) {
        return witness.count(sql);
    }

    List<Row> query(String sql) {
        return witness.query(sql);
    }

    void assertEachStreamHandledInOrder() {
        Map<String, Long> last = new HashMap<>();
        for (Row row : witness.query("SELECT stream_id, version FROM handlings ORDER BY seq")) {
            long previous = last.getOrDefault(row.getString(0), 0L);
            assertThat(row.getLong(1)).as("%s after version %d", row.getString(0), previous).isEqualTo(previous + 1);
            last.put(row.getString(0), row.getLong(1));
        }
    }
}
