package dev.domainagents.core.agent;

import dev.domainagents.core.message.MessageTypes;
import dev.domainagents.core.store.RecordedEvent;

import java.util.List;

/**
 * A {@link Decider} bound to its sealed event family, so its stream can be read back from
 * the event store. Built once per agent; used through {@link HandlerContext#decide}.
 */
public final class Aggregate<C, E, S> {
    private final Decider<C, E, S> decider;
    private final MessageTypes<E> eventTypes;

    private Aggregate(Decider<C, E, S> decider, MessageTypes<E> eventTypes) {
        this.decider = decider;
        this.eventTypes = eventTypes;
    }

    public static <C, E, S> Aggregate<C, E, S> of(Decider<C, E, S> decider, Class<E> sealedEventFamily) {
        return new Aggregate<>(decider, MessageTypes.of(sealedEventFamily));
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
