package dev.domainagents.core.agent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latest known state of recently used streams, per agent instance, so a command needs
 * no read of its aggregate at all when nothing else wrote to it. Never trusted blindly: an
 * append on a cached state checks its version, and a cached state used without an append is
 * checked before the commit ({@code HandlerContext.verifyReads}); a stale entry is forgotten
 * and the message retried. Entries are put only after the transaction that produced them committed. Least recently used streams are dropped past the capacity.
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

    @SuppressWarnings("unchecked")
    <S> Loaded<S> get(String streamId) {
        return (Loaded<S>) byStream.get(streamId);
    }

    void forget(String streamId) {
        byStream.remove(streamId);
    }

    void put(Loaded<?> loaded) {
        Loaded<?> known = byStream.get(loaded.streamId());
        if (known == null || known.version() < loaded.version()) {
            byStream.put(loaded.streamId(), loaded);
        }
    }
}
