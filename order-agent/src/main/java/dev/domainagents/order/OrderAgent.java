package dev.domainagents.order;

import dev.domainagents.core.agent.Aggregate;
import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.agent.ExecutionAgent;
import dev.domainagents.core.agent.HandlerContext;
import dev.domainagents.order.api.IdempotencyKeyReused;
import dev.domainagents.order.api.OrderCommand;
import dev.domainagents.order.api.OrderCommand.CancelOrder;
import dev.domainagents.order.api.OrderCommand.ConfirmOrder;
import dev.domainagents.order.api.OrderCommand.PlaceOrder;
import dev.domainagents.order.api.OrderEvent;
import dev.domainagents.order.api.OrderSummary;
import dev.domainagents.order.domain.Order;
import dev.domainagents.order.domain.OrderDecider;
import io.vertx.core.Future;

import java.util.List;

/** Execution agent of the Order aggregate, one event stream per order. */
public final class OrderAgent extends ExecutionAgent {
    public static final Aggregate<OrderCommand, OrderEvent, Order> ORDER = Aggregate.of(new OrderDecider(), OrderEvent.class);

    private final IdempotencyKeys idempotencyKeys = new IdempotencyKeys();

    public OrderAgent(AgentRuntime runtime) {
        super("order", runtime);
        // requests with one key wait for each other here, so the second finds the first's order
        // committed (not half-written in a transaction they would otherwise share)
        on(PlaceOrder.class, command -> command.idempotencyKey() == null ? List.of()
                : List.of("idempotency-key:" + command.idempotencyKey()), this::place);
        on(ConfirmOrder.class, ORDER, OrderAgent::streamOf, OrderAgent::summaryOf);
        on(CancelOrder.class, ORDER, OrderAgent::streamOf, OrderAgent::summaryOf);
    }

    public static String streamOf(String orderId) {
        return "order-" + orderId;
    }

    static String streamOf(OrderCommand command) {
        return streamOf(command.orderId());
    }

    static OrderSummary summaryOf(Order order) {
        return new OrderSummary(order.orderId(), order.status().name(), order.reason());
    }

    /** A keyed placement places only if it claims its key; otherwise it answers with the key's order. */
    private Future<Object> place(PlaceOrder command, HandlerContext context) {
        if (command.idempotencyKey() == null) {
            return context.decide(ORDER, streamOf(command), command).map(OrderAgent::summaryOf);
        }
        return idempotencyKeys.claim(context.sql(), command.idempotencyKey(), command.fingerprint(), command.orderId())
                .compose(earlier -> {
                    if (earlier.isEmpty()) {
                        return context.decide(ORDER, streamOf(command), command).map(OrderAgent::summaryOf);
                    }
                    if (!earlier.get().fingerprint().equals(command.fingerprint())) {
                        return Future.succeededFuture(new IdempotencyKeyReused(command.idempotencyKey(), earlier.get().orderId()));
                    }
                    return context.load(ORDER, streamOf(earlier.get().orderId())).map(loaded -> summaryOf(loaded.state()));
                });
    }
}
