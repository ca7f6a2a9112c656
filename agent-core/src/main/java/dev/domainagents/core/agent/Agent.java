package dev.domainagents.core.agent;

import io.vertx.core.VerticleBase;

/**
 * Base of every agent: a verticle with a name (unique per agent type, used for its inbox,
 * subscription, dead letters and metrics) and the platform's {@link AgentRuntime}.
 * Extend the base class of the agent's kind, never this one.
 */
public abstract sealed class Agent extends VerticleBase permits ExecutionAgent, ReactingAgent {
    private final String name;
    protected final AgentRuntime runtime;
    final AggregateCache cache = new AggregateCache();

    Agent(String name, AgentRuntime runtime) {
        this.name = name;
        this.runtime = runtime;
    }

    public final String name() {
        return name;
    }

    /** The agent's kind, as shown by the admin view. */
    public abstract String kind();
}
