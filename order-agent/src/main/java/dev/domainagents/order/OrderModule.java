package dev.domainagents.order;

import dev.domainagents.core.agent.Agent;
import dev.domainagents.core.agent.AgentModule;
import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.http.Ingress;
import dev.domainagents.core.kafka.CommandIntake;
import dev.domainagents.core.message.MessageType;
import dev.domainagents.order.api.OrderCommand.PlaceOrder;
import dev.domainagents.order.http.OrderPlacement;
import dev.domainagents.order.http.OrderRoutes;
import dev.domainagents.order.intake.OrderIntake;
import dev.domainagents.order.notify.CustomerNotifier;
import dev.domainagents.order.saga.OrderSaga;
import dev.domainagents.order.view.OrderProjection;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The order context: the Order aggregate's agent, the order saga, the order read model and the
 * customer notifier; orders are placed over HTTP and, with the Kafka bridge, from the commands topic.
 */
public final class OrderModule implements AgentModule {

    @Override
    public String name() {
        return "order";
    }

    @Override
    public List<Supplier<Agent>> agents(AgentRuntime runtime) {
        Duration stepTimeout = Duration.ofMillis(runtime.config().getJsonObject("order", new JsonObject())
                .getJsonObject("saga", new JsonObject()).getLong("stepTimeoutMs", 30_000L));
        return List.of(() -> new OrderAgent(runtime), () -> new OrderSaga(runtime, stepTimeout),
                () -> new OrderProjection(runtime), () -> new CustomerNotifier(runtime));
    }

    @Override
    public List<String> migrations() {
        return List.of("classpath:db/order");
    }

    @Override
    public void mountRoutes(Router router, Ingress ingress) {
        new OrderRoutes(ingress).mount(router);
    }

    @Override
    public Map<String, CommandIntake> commandIntakes(Ingress ingress) {
        return Map.of(MessageType.Of.name(PlaceOrder.class), new OrderIntake(new OrderPlacement(ingress)));
    }
}
