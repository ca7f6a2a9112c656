package dev.domainagents.order;

import dev.domainagents.core.agent.Aggregate;
import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.agent.ExecutionAgent;
import dev.domainagents.order.api.OrderCommand;
import dev.domainagents.order.api.OrderCommand.CancelOrder;
import dev.domainagents.order.api.OrderCommand.ConfirmOrder;
import dev.domainagents.order.api.OrderCommand.PlaceOrder;
import dev.domainagents.order.api.OrderEvent;
import dev.domainagents.order.api.OrderSummary;
import dev.domainagents.order.domain.Order;
import dev.domainagents.order.domain.OrderDecider;

/** Execution agent of the Order aggregate, one event stream per order. */
public final class OrderAgent extends ExecutionAgent {
    static final Aggregate<OrderCommand, OrderEvent, Order> ORDER = Aggregate.of(new OrderDecider(), OrderEvent.class);

    public OrderAgent(AgentRuntime runtime) {
        super("order", runtime);
        on(PlaceOrder.class, ORDER, OrderAgent::streamOf, OrderAgent::summaryOf);
        on(ConfirmOrder.class, ORDER, OrderAgent::streamOf, OrderAgent::summaryOf);
        on(CancelOrder.class, ORDER, OrderAgent::streamOf, OrderAgent::summaryOf);
    }

    static String streamOf(OrderCommand command) {
        return "order-" + command.orderId();
    }

    static OrderSummary summaryOf(Order order) {
        return new OrderSummary(order.orderId(), order.status().name(), order.reason());
    }
}
