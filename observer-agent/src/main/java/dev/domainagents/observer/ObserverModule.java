package dev.domainagents.observer;

import dev.domainagents.core.agent.Agent;
import dev.domainagents.core.agent.AgentModule;
import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.http.Ingress;
import io.vertx.ext.web.Router;

import java.util.List;
import java.util.function.Supplier;

/** The observer context: metrics and audit over every event, the operator dashboard and its live feed. */
public final class ObserverModule implements AgentModule {

    @Override
    public String name() {
        return "observer";
    }

    @Override
    public List<Supplier<Agent>> agents(AgentRuntime runtime) {
        return List.of(() -> new DomainObserver(runtime));
    }

    @Override
    public void mountRoutes(Router router, Ingress ingress) {
        new DashboardPage(ingress.vertx()).mount(router);
        new LiveFeed(ingress.vertx(), ingress.eventStreams(), ingress.runtime().metrics().registry()).mount(router);
    }
}
