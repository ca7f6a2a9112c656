package dev.domainagents.core.agent;

import dev.domainagents.core.store.EventStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latest known state of recently used streams, per agent instance, so a command reads
 * only the events appended since (usually none) instead of folding a long stream again.
 * Always correct: a load still reads the stream's tail after the cached version, so writes
 * by other instances or nodes are seen (a cached state trusted without that read cost more in
 * retries, with several instances of an agent, than the read it saved: measured, not kept).
 * Entries are put only after the transaction that produced them committed. Least recently used streams are dropped past the capacity.
 * Not thread-safe: one per agent instance, used on its context.
 */
final class AggregateCache {
    private static final int CAPACITY = 10_000;

    private final Map<String, Loaded<?>> byStream = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Loaded<?>> eldest) {
            return size() > CAPACITY;
        }
    };

    /** The aggregate's current state read on {@code sql}: the cached state and the events after it, or the stream on a miss. */
    <C, E, S> Future<Loaded<S>> load(SqlClient sql, EventStore events, Aggregate<C, E, S> aggregate, String streamId) {
        Loaded<S> cached = get(streamId);
        if (cached == null) {
            return aggregate.read(sql, events, streamId);
        }
        return events.readStream(sql, streamId, cached.version())
                .map(tail -> new Loaded<>(streamId, cached.version() + tail.size(), aggregate.replay(cached.state(), tail)));
    }

    @SuppressWarnings("unchecked")
    <S> Loaded<S> get(String streamId) {
        return (Loaded<S>) byStream.get(streamId);
    }

    void put(Loaded<?> loaded) {
        Loaded<?> known = byStream.get(loaded.streamId());
        if (known == null || known.version() < loaded.version()) {
            byStream.put(loaded.streamId(), loaded);
        }
    }
}
