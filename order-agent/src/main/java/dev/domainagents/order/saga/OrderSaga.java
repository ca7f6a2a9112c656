package dev.domainagents.order.saga;

import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.agent.CoordinatorAgent;
import dev.domainagents.core.agent.HandlerContext;
import dev.domainagents.core.saga.DeadlineReached;
import dev.domainagents.core.saga.SagaStates;
import dev.domainagents.order.api.OrderCommand.CancelOrder;
import dev.domainagents.order.api.OrderCommand.ConfirmOrder;
import dev.domainagents.order.api.OrderEvent.OrderCancelled;
import dev.domainagents.order.api.OrderEvent.OrderConfirmed;
import dev.domainagents.order.api.OrderEvent.OrderPlaced;
import dev.domainagents.order.saga.OrderFlow.Step;
import dev.domainagents.order.saga.PaymentContract.AuthorizePayment;
import dev.domainagents.order.saga.PaymentContract.CapturePayment;
import dev.domainagents.order.saga.PaymentContract.PaymentAuthorized;
import dev.domainagents.order.saga.PaymentContract.PaymentCaptured;
import dev.domainagents.order.saga.PaymentContract.PaymentDeclined;
import dev.domainagents.order.saga.PaymentContract.VoidPayment;
import dev.domainagents.order.saga.StockContract.CommitStock;
import dev.domainagents.order.saga.StockContract.ReleaseStock;
import dev.domainagents.order.saga.StockContract.ReservationAccepted;
import dev.domainagents.order.saga.StockContract.ReservationRejected;
import dev.domainagents.order.saga.StockContract.ReserveStock;
import dev.domainagents.order.saga.StockContract.StockLine;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.function.BiFunction;

/**
 * The order saga: reserve stock, authorize payment, capture it, confirm the order.
 * Out of stock cancels with {@code out_of_stock}; a declined payment releases the stock
 * and cancels with {@code payment_declined}; no answer within the step timeout while
 * reserving or authorizing compensates what was done and cancels with {@code timeout}.
 * An answer that arrives after the saga cancelled is compensated too (a late
 * authorization is voided). Each reaction loads the flow, sends its commands through the
 * outbox and saves the flow in one transaction.
 */
public final class OrderSaga extends CoordinatorAgent {
    public static final String NAME = "order-saga";
    private static final String STEP_DEADLINE = "step";

    private final SagaStates<OrderFlow> flows = new SagaStates<>(NAME, OrderFlow.class);
    private final Duration stepTimeout;

    public OrderSaga(AgentRuntime runtime, Duration stepTimeout) {
        super(NAME, runtime);
        this.stepTimeout = stepTimeout;
        when(OrderPlaced.class, this::begin);
        when(ReservationAccepted.class, (event, context) -> on(context, event.orderId(), (flow, c) -> flow.step() == Step.RESERVING
                ? c.send(flow.orderId(), new AuthorizePayment(flow.orderId(), flow.total(), flow.paymentMethod(), c.now()))
                    .compose(sent -> moveTo(c, flow, Step.AUTHORIZING))
                : ignore()));
        when(ReservationRejected.class, (event, context) -> on(context, event.orderId(), (flow, c) -> flow.step() == Step.RESERVING
                ? cancel(c, flow, "out_of_stock")
                : ignore()));
        when(PaymentAuthorized.class, (event, context) -> on(context, event.orderId(), (flow, c) -> {
            if (flow.step() == Step.AUTHORIZING) {
                return c.send(flow.orderId(), new CapturePayment(flow.orderId(), c.now())).compose(sent -> moveTo(c, flow, Step.CAPTURING));
            }
            return flow.step().cancelled() ? c.send(flow.orderId(), new VoidPayment(flow.orderId(), c.now())) : ignore();
        }));
        when(PaymentDeclined.class, (event, context) -> on(context, event.orderId(), (flow, c) -> flow.step() == Step.AUTHORIZING
                ? releaseStock(c, flow).compose(released -> cancel(c, flow, "payment_declined"))
                : ignore()));
        when(PaymentCaptured.class, (event, context) -> on(context, event.orderId(), (flow, c) -> flow.step() == Step.CAPTURING
                ? c.send(flow.orderId(), new CommitStock(flow.orderId(), flow.lines(), c.now()))
                    .compose(sent -> c.send(flow.orderId(), new ConfirmOrder(flow.orderId(), c.now())))
                    .compose(sent -> moveTo(c, flow, Step.CONFIRMING))
                : ignore()));
        when(OrderConfirmed.class, (event, context) -> on(context, event.orderId(), (flow, c) -> moveTo(c, flow, Step.CONFIRMED)));
        when(OrderCancelled.class, (event, context) -> on(context, event.orderId(), (flow, c) -> moveTo(c, flow, Step.CANCELLED)));
        when(DeadlineReached.class, (deadline, context) -> !flows.owns(deadline) ? ignore()
                : on(context, deadline.correlationId(), this::timedOut));
    }

    private Future<Void> begin(OrderPlaced placed, HandlerContext context) {
        return flows.load(context, placed.orderId()).compose(known -> {
            if (known.isPresent()) {
                return ignore();
            }
            OrderFlow flow = new OrderFlow(placed.orderId(),
                    placed.items().stream().map(item -> new StockLine(item.sku(), item.quantity())).toList(),
                    placed.total(), placed.paymentMethod(), Step.RESERVING);
            return context.send(flow.orderId(), new ReserveStock(flow.orderId(), flow.lines(), context.now()))
                    .compose(sent -> moveTo(context, flow, Step.RESERVING));
        });
    }

    private Future<Void> timedOut(OrderFlow flow, HandlerContext context) {
        if (flow.step() == Step.RESERVING) {
            return releaseStock(context, flow).compose(released -> cancel(context, flow, "timeout"));
        }
        if (flow.step() == Step.AUTHORIZING) {
            return context.send(flow.orderId(), new VoidPayment(flow.orderId(), context.now()))
                    .compose(voided -> releaseStock(context, flow))
                    .compose(released -> cancel(context, flow, "timeout"));
        }
        return ignore();
    }

    private Future<Void> cancel(HandlerContext context, OrderFlow flow, String reason) {
        return context.send(flow.orderId(), new CancelOrder(flow.orderId(), reason, context.now()))
                .compose(sent -> moveTo(context, flow, Step.CANCELLING));
    }

    private Future<Void> releaseStock(HandlerContext context, OrderFlow flow) {
        return context.send(flow.orderId(), new ReleaseStock(flow.orderId(), flow.lines(), context.now()));
    }

    /** Saves the flow at its next step; a step that may wait too long gets a deadline, others none. */
    private Future<Void> moveTo(HandlerContext context, OrderFlow flow, Step next) {
        OrderFlow moved = flow.at(next);
        return moved.guardedByDeadline()
                ? flows.save(context, flow.orderId(), moved, next.name(), next.terminal(), STEP_DEADLINE, context.now().plus(stepTimeout))
                : flows.save(context, flow.orderId(), moved, next.name(), next.terminal());
    }

    /** Runs {@code reaction} on the order's flow; an event for an order this saga never began is ignored. */
    private Future<Void> on(HandlerContext context, String orderId, BiFunction<OrderFlow, HandlerContext, Future<Void>> reaction) {
        return flows.load(context, orderId).compose(known -> known.isEmpty() ? ignore() : reaction.apply(known.get(), context));
    }

    private static Future<Void> ignore() {
        return Future.succeededFuture();
    }
}
