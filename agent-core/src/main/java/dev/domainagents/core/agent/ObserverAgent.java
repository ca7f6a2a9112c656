package dev.domainagents.core.agent;

/**
 * An observer watches every event and changes nothing in the domain: metrics, audit,
 * monitoring. Declare the reaction with {@link #observe}.
 */
public abstract non-sealed class ObserverAgent extends ReactingAgent {
    protected ObserverAgent(String name, AgentRuntime runtime) {
        super(name, runtime);
    }

    @Override
    public final String kind() {
        return "observer";
    }

    /** Declares the reaction to every event. Call from the constructor. */
    protected final void observe(EventHandler<dev.domainagents.core.store.RecordedEvent> handler) {
        whenAnyEvent(handler);
    }
}
