package dev.domainagents.order;

import dev.domainagents.core.agent.Agent;
import dev.domainagents.core.agent.AgentModule;
import dev.domainagents.core.agent.AgentRuntime;

import java.util.List;
import java.util.function.Supplier;

/** The order context: the Order aggregate's agent. */
public final class OrderModule implements AgentModule {

    @Override
    public String name() {
        return "order";
    }

    @Override
    public List<Supplier<Agent>> agents(AgentRuntime runtime) {
        return List.of(() -> new OrderAgent(runtime));
    }
}
