package dev.domainagents.core.store;

import dev.domainagents.core.fixtures.CounterMessages.Incremented;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageKind;
import dev.domainagents.core.testkit.TestPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static dev.domainagents.core.testkit.TestPlatform.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

class EventStoreTest {
    private static TestPlatform platform;
    private static EventStore store;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
        store = platform.runtime().events();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void appendAtExpectedVersionWritesAllEventsInOrder() {
        Long version = await(Tx.run(platform.pool(), tx -> store.append(tx, "s-ok", 0, events("s-ok", 1, 2, 3))));

        List<RecordedEvent> stream = await(store.readStream(platform.pool(), "s-ok", 0));
        assertThat(version).isEqualTo(3);
        assertThat(stream).extracting(RecordedEvent::version).containsExactly(1L, 2L, 3L);
        assertThat(stream).extracting(e -> e.payloadAs(Incremented.class).by()).containsExactly(1, 2, 3);
    }

    @Test
    void staleExpectedVersionIsRejectedAndWritesNothing() {
        await(Tx.run(platform.pool(), tx -> store.append(tx, "s-stale", 0, events("s-stale", 1))));

        Throwable failure = awaitFailure(Tx.run(platform.pool(), tx -> store.append(tx, "s-stale", 0, events("s-stale", 7, 8))));

        assertThat(failure).isInstanceOf(StreamVersionConflict.class);
        assertThat(await(store.readStream(platform.pool(), "s-stale", 0)))
                .extracting(e -> e.payloadAs(Incremented.class).by()).containsExactly(1);
    }

    @Test
    void expectedVersionAheadOfTheStreamIsRejectedAndWritesNothing() {
        Throwable failure = awaitFailure(Tx.run(platform.pool(), tx -> store.append(tx, "s-ahead", 5, events("s-ahead", 1))));

        assertThat(failure).isInstanceOf(StreamVersionConflict.class);
        assertThat(platform.count("SELECT count(*) FROM events WHERE stream_id = 's-ahead'")).isZero();
    }

    @Test
    void rolledBackAppendLeavesNoEvent() {
        awaitFailure(Tx.run(platform.pool(), tx -> store.append(tx, "s-rollback", 0, events("s-rollback", 1))
                .compose(appended -> tx.connection().query("SELECT 1/0").execute())));

        assertThat(platform.count("SELECT count(*) FROM events WHERE stream_id = 's-rollback'")).isZero();
    }

    @Test
    void readAllResumesAfterAPositionInGlobalOrder() {
        await(Tx.run(platform.pool(), tx -> store.append(tx, "s-all-a", 0, events("s-all-a", 1, 2))));
        await(Tx.run(platform.pool(), tx -> store.append(tx, "s-all-b", 0, events("s-all-b", 3))));

        List<RecordedEvent> all = await(store.readAll(platform.pool(), GlobalPosition.START, 1000));
        RecordedEvent firstOfA = all.stream().filter(e -> e.streamId().equals("s-all-a")).findFirst().orElseThrow();
        List<RecordedEvent> after = await(store.readAll(platform.pool(), firstOfA.position(), 1000));

        assertThat(all).extracting(RecordedEvent::position).isSorted();
        assertThat(after).extracting(RecordedEvent::position).allMatch(p -> p.compareTo(firstOfA.position()) > 0);
        assertThat(after).extracting(RecordedEvent::streamId).contains("s-all-a", "s-all-b");
        assertThat(after).hasSize(all.size() - all.indexOf(firstOfA) - 1);
    }

    static List<Envelope> events(String stream, int... amounts) {
        return java.util.Arrays.stream(amounts)
                .mapToObj(by -> Envelope.of(MessageKind.EVENT, stream, stream, new Incremented(stream, by), Instant.now()))
                .toList();
    }
}
