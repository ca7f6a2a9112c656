package dev.domainagents.observer;

import dev.domainagents.core.agent.Agent;
import dev.domainagents.core.agent.AgentModule;
import dev.domainagents.core.agent.AgentRuntime;

import java.util.List;
import java.util.function.Supplier;

/** The observer context: metrics and audit over every event. */
public final class ObserverModule implements AgentModule {

    @Override
    public String name() {
        return "observer";
    }

    @Override
    public List<Supplier<Agent>> agents(AgentRuntime runtime) {
        return List.of(() -> new DomainObserver(runtime));
    }
}
