package dev.domainagents.core.agent;

/**
 * A coordinator reacts to events and sends commands ({@link HandlerContext#send}), keeping
 * its own durable state in the same transaction as its subscription checkpoint: a saga.
 * A command it sends leaves if and only if its reaction committed.
 */
public abstract non-sealed class CoordinatorAgent extends ReactingAgent {
    protected CoordinatorAgent(String name, AgentRuntime runtime) {
        super(name, runtime);
    }

    @Override
    public final String kind() {
        return "coordinator";
    }
}
