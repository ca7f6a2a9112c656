package dev.domainagents.order;

import dev.domainagents.core.agent.Agent;
import dev.domainagents.core.agent.AgentModule;
import dev.domainagents.core.agent.AgentRuntime;

import dev.domainagents.order.saga.OrderSaga;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** The order context: the Order aggregate's agent and the order saga. */
public final class OrderModule implements AgentModule {

    @Override
    public String name() {
        return "order";
    }

    @Override
    public List<Supplier<Agent>> agents(AgentRuntime runtime) {
        Duration stepTimeout = Duration.ofMillis(runtime.config().getJsonObject("order", new JsonObject())
                .getJsonObject("saga", new JsonObject()).getLong("stepTimeoutMs", 30_000L));
        return List.of(() -> new OrderAgent(runtime), () -> new OrderSaga(runtime, stepTimeout));
    }
}
