package dev.domainagents.core.agent;

import dev.domainagents.core.store.RecordedEvent;

import java.util.Set;

/**
 * A signal agent turns events into signals for the outside world (notifications, pushes,
 * broker topics). Its checkpoint moves only after a reaction succeeded, so a signal is sent
 * at least once; reactions that must not repeat record what they sent in the transaction.
 */
public abstract non-sealed class SignalAgent extends ReactingAgent {
    protected SignalAgent(String name, AgentRuntime runtime) {
        super(name, runtime);
    }

    /**
     * Declares one reaction to the stored events of {@code types}, none named meaning every
     * event, for signals that forward events as they are (a broker relay) rather than by
     * their payload types. Call from the constructor, instead of {@code when}.
     */
    protected final void relay(Set<String> types, EventHandler<RecordedEvent> handler) {
        whenRecorded(types, handler);
    }

    @Override
    public final String kind() {
        return "signal";
    }
}
