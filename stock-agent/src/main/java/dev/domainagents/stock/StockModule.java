package dev.domainagents.stock;

import dev.domainagents.core.agent.Agent;
import dev.domainagents.core.agent.AgentModule;
import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.http.Ingress;
import io.vertx.ext.web.Router;

import java.util.List;
import java.util.function.Supplier;

/** The stock context: its execution agent and its admin routes. */
public final class StockModule implements AgentModule {

    @Override
    public String name() {
        return "stock";
    }

    @Override
    public List<Supplier<Agent>> agents(AgentRuntime runtime) {
        StockSeed seed = StockSeed.fromConfig(runtime.config());
        return List.of(() -> new StockAgent(runtime, seed));
    }

    @Override
    public void mountRoutes(Router router, Ingress ingress) {
        new StockRoutes(ingress).mount(router);
    }
}
