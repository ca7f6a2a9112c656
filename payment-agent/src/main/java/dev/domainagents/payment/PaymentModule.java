package dev.domainagents.payment;

import dev.domainagents.core.agent.Agent;
import dev.domainagents.core.agent.AgentModule;
import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.http.Ingress;
import dev.domainagents.payment.gateway.GatewaySettings;
import dev.domainagents.payment.gateway.SimulatedGateway;
import io.vertx.ext.web.Router;

import java.util.List;
import java.util.function.Supplier;

/**
 * The payment context: its agent, on the simulated gateway configured under
 * {@code payment.gateway}, and the admin route that changes that gateway's conditions at runtime.
 */
public final class PaymentModule implements AgentModule {

    @Override
    public String name() {
        return "payment";
    }

    @Override
    public List<Supplier<Agent>> agents(AgentRuntime runtime) {
        GatewaySettings settings = GatewaySettings.fromJson(runtime.config());
        return List.of(() -> new PaymentAgent(runtime, vertx -> new SimulatedGateway(vertx, settings).followConditions()));
    }

    @Override
    public void mountRoutes(Router router, Ingress ingress) {
        new GatewayRoutes(ingress).mount(router);
    }
}
