package dev.domainagents.core.agent;

import dev.domainagents.core.message.Json;
import dev.domainagents.core.message.MessageTypes;
import dev.domainagents.core.store.EventStore;
import dev.domainagents.core.store.RecordedEvent;
import dev.domainagents.core.store.Snapshots;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * A {@link Decider} bound to its sealed event family, so its stream can be read back from
 * the event store. Built once per agent; used through {@link HandlerContext#decide}.
 */
public final class Aggregate<C, E, S> {
    private static final Logger LOG = LoggerFactory.getLogger(Aggregate.class);

    private final Decider<C, E, S> decider;
    private final MessageTypes<E> eventTypes;
    private final int snapshotEvery;
    private final Class<S> stateType;

    private Aggregate(Decider<C, E, S> decider, MessageTypes<E> eventTypes, int snapshotEvery, Class<S> stateType) {
        this.decider = decider;
        this.eventTypes = eventTypes;
        this.snapshotEvery = snapshotEvery;
        this.stateType = stateType;
    }

    public static <C, E, S> Aggregate<C, E, S> of(Decider<C, E, S> decider, Class<E> sealedEventFamily) {
        return new Aggregate<>(decider, MessageTypes.of(sealedEventFamily), 0, null);
    }

    /**
     * The same aggregate, with its state (of {@code stateType}, JSON-mapped) snapshotted every
     * {@code every} events: for streams that grow long (a SKU's stock), so that a read after a
     * restart, or from outside the agent, folds at most {@code every} events.
     */
    public Aggregate<C, E, S> snapshotEvery(int every, Class<S> stateType) {
        if (every < 1) {
            throw new IllegalArgumentException("snapshot every " + every + " events: must be at least 1");
        }
        return new Aggregate<>(decider, eventTypes, every, stateType);
    }

    /** The stream's current state: its latest snapshot, if any, and the events after it. */
    public Future<Loaded<S>> read(SqlClient sql, EventStore events, String streamId) {
        if (snapshotEvery == 0) {
            return events.readStream(sql, streamId, 0).map(stream -> new Loaded<>(streamId, stream.size(), replay(stream)));
        }
        return Snapshots.read(sql, streamId).compose(snapshot -> {
            Optional<S> state = snapshot.flatMap(this::stateOf);
            long after = state.isPresent() ? snapshot.get().version() : 0;
            S from = state.orElse(decider.initialState());
            return events.readStream(sql, streamId, after)
                    .map(tail -> new Loaded<>(streamId, after + tail.size(), replay(from, tail)));
        });
    }

    /** Writes a snapshot, in the appending transaction, when the append from {@code before} to {@code after.version()} crossed a multiple of the interval. */
    Future<Void> snapshotIfDue(SqlClient sql, long before, Loaded<S> after) {
        if (snapshotEvery == 0 || before / snapshotEvery == after.version() / snapshotEvery) {
            return Future.succeededFuture();
        }
        return Snapshots.write(sql, after.streamId(), after.version(), Json.encode(after.state()));
    }

    /** A snapshot that no longer maps to the state type (the type changed) is ignored: the stream is folded whole. */
    private Optional<S> stateOf(Snapshots.Snapshot snapshot) {
        try {
            return Optional.of(Json.decode(snapshot.state(), stateType));
        } catch (RuntimeException e) {
            LOG.warn("snapshot.unreadable stateType={} version={} reason={}", stateType.getSimpleName(), snapshot.version(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** The state after the stored events of a stream, for reads outside a command (HTTP, tests). */
    public S replay(List<RecordedEvent> stream) {
        return replay(decider.initialState(), stream);
    }

    /** The state after applying stored events to a known state. */
    public S replay(S from, List<RecordedEvent> stream) {
        S state = from;
        for (RecordedEvent event : stream) {
            state = decider.evolve(state, eventTypes.decode(event.envelope()));
        }
        return state;
    }

    S evolve(S state, List<E> events) {
        for (E event : events) {
            state = decider.evolve(state, event);
        }
        return state;
    }

    /** The decider's events for a command on a state; pure. */
    public List<E> decide(C command, S state) {
        return decider.decide(command, state);
    }
}
