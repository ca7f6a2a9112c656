package dev.domainagents.order.saga;

import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.agent.CoordinatorAgent;
import dev.domainagents.core.agent.HandlerContext;
import dev.domainagents.core.delivery.CommandDeadLettered;
import dev.domainagents.core.message.MessageType;
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
import dev.domainagents.order.saga.PaymentContract.PaymentVoided;
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
 * reserving or authorizing compensates what was done and cancels with {@code timeout}, and a
 * reservation or authorization its agent gave up on (dead-lettered) does the same with
 * {@code reservation_failed} or {@code payment_failed}. A capture that does not come within
 * the step timeout, or is dead-lettered, is voided: the payment decides which of the two is
 * recorded, and the saga confirms on a capture, or releases the stock and cancels with
 * {@code capture_failed} on a void. A dead-lettered command of a step that only goes forward
 * (commit, confirm, release, cancel, void) is sent again, unless it failed permanently.
 * An answer that arrives after the saga cancelled is compensated too (a late
 * authorization is voided). Each reaction loads the flow, sends its commands through the
 * outbox and saves the flow in one transaction.
 */
public final class OrderSaga extends CoordinatorAgent {
    public static final String NAME = "order-saga";
    private static final String STEP_DEADLINE = "step";
    private static final String RESERVATION_FAILED = "reservation_failed";
    private static final String PAYMENT_FAILED = "payment_failed";
    private static final String CAPTURE_FAILED = "capture_failed";

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
        when(PaymentCaptured.class, (event, context) -> on(context, event.orderId(), (flow, c) ->
                flow.step() == Step.CAPTURING || flow.step() == Step.VOIDING
                ? c.send(flow.orderId(), new CommitStock(flow.orderId(), flow.lines(), c.now()))
                    .compose(sent -> c.send(flow.orderId(), new ConfirmOrder(flow.orderId(), c.now())))
                    .compose(sent -> moveTo(c, flow, Step.CONFIRMING))
                : ignore()));
        when(PaymentVoided.class, (event, context) -> on(context, event.orderId(), (flow, c) -> flow.step() == Step.VOIDING
                ? releaseStock(c, flow).compose(released -> cancel(c, flow, CAPTURE_FAILED))
                : ignore()));
        when(OrderConfirmed.class, (event, context) -> on(context, event.orderId(), (flow, c) -> moveTo(c, flow, Step.CONFIRMED)));
        when(OrderCancelled.class, (event, context) -> on(context, event.orderId(), (flow, c) -> moveTo(c, flow, Step.CANCELLED)));
        when(DeadlineReached.class, (deadline, context) -> flows.loadAtStepOf(context, deadline)
                .compose(flow -> flow.isEmpty() ? ignore() : timedOut(flow.get(), context)));
        when(CommandDeadLettered.class, (buried, context) -> on(context, buried.correlationId(),
                (flow, c) -> deadLettered(flow, buried, c)));
    }

    private Future<Void> begin(OrderPlaced placed, HandlerContext context) {
        return flows.load(context, placed.orderId()).compose(known -> {
            if (known.isPresent()) {
                return ignore();
            }
            OrderFlow flow = new OrderFlow(placed.orderId(),
                    placed.items().stream().map(item -> new StockLine(item.sku(), item.quantity())).toList(),
                    placed.total(), placed.paymentMethod(), Step.RESERVING, null);
            return context.send(flow.orderId(), new ReserveStock(flow.orderId(), flow.lines(), context.now()))
                    .compose(sent -> moveTo(context, flow, Step.RESERVING));
        });
    }

    private Future<Void> timedOut(OrderFlow flow, HandlerContext context) {
        if (flow.step() == Step.RESERVING) {
            return releaseStock(context, flow).compose(released -> cancel(context, flow, "timeout"));
        }
        if (flow.step() == Step.AUTHORIZING) {
            return voidPayment(context, flow)
                    .compose(voided -> releaseStock(context, flow))
                    .compose(released -> cancel(context, flow, "timeout"));
        }
        if (flow.step() == Step.CAPTURING) {
            return giveUpCapture(context, flow);
        }
        return ignore();
    }

    /**
     * A command of this order went to the dead letters: the step it was for fails now, without
     * waiting for the step's deadline; a command of a step that only goes forward is sent again
     * (each round costs its receiver's whole retry policy), unless sending it again would fail
     * the same way. Any other (a late one, of a step the flow left) changes nothing.
     */
    private Future<Void> deadLettered(OrderFlow flow, CommandDeadLettered buried, HandlerContext context) {
        String type = buried.type();
        Step step = flow.step();
        if (type.equals(wireType(ReserveStock.class)) && step == Step.RESERVING) {
            return releaseStock(context, flow).compose(released -> cancel(context, flow, RESERVATION_FAILED));
        }
        if (type.equals(wireType(AuthorizePayment.class)) && step == Step.AUTHORIZING) {
            return voidPayment(context, flow)
                    .compose(voided -> releaseStock(context, flow))
                    .compose(released -> cancel(context, flow, PAYMENT_FAILED));
        }
        if (type.equals(wireType(CapturePayment.class)) && step == Step.CAPTURING) {
            return giveUpCapture(context, flow);
        }
        if (buried.permanent()) {
            return ignore(); // a bug or bad data: the operator's, through /admin/dlq
        }
        if (type.equals(wireType(VoidPayment.class)) && (step == Step.VOIDING || step.cancelled())) {
            return voidPayment(context, flow);
        }
        if (type.equals(wireType(ReleaseStock.class)) && step.cancelled()) {
            return releaseStock(context, flow);
        }
        if (type.equals(wireType(CancelOrder.class)) && step.cancelled()) {
            return context.send(flow.orderId(), new CancelOrder(flow.orderId(), flow.reason(), context.now()));
        }
        if (type.equals(wireType(CommitStock.class)) && (step == Step.CONFIRMING || step == Step.CONFIRMED)) {
            return context.send(flow.orderId(), new CommitStock(flow.orderId(), flow.lines(), context.now()));
        }
        if (type.equals(wireType(ConfirmOrder.class)) && step == Step.CONFIRMING) {
            return context.send(flow.orderId(), new ConfirmOrder(flow.orderId(), context.now()));
        }
        return ignore();
    }

    /**
     * The capture did not come: void the authorization and let the payment decide. Commands of one
     * payment are handled one at a time, so the void waits behind a capture still being retried;
     * whichever the payment records first wins, and the saga follows it (VOIDING).
     */
    private Future<Void> giveUpCapture(HandlerContext context, OrderFlow flow) {
        return voidPayment(context, flow).compose(sent -> moveTo(context, flow, Step.VOIDING));
    }

    private Future<Void> cancel(HandlerContext context, OrderFlow flow, String reason) {
        return context.send(flow.orderId(), new CancelOrder(flow.orderId(), reason, context.now()))
                .compose(sent -> save(context, flow.cancelledFor(reason)));
    }

    private Future<Void> voidPayment(HandlerContext context, OrderFlow flow) {
        return context.send(flow.orderId(), new VoidPayment(flow.orderId(), context.now()));
    }

    private Future<Void> releaseStock(HandlerContext context, OrderFlow flow) {
        return context.send(flow.orderId(), new ReleaseStock(flow.orderId(), flow.lines(), context.now()));
    }

    /** Saves the flow at its next step; a step that may wait too long gets a deadline, others none. */
    private Future<Void> moveTo(HandlerContext context, OrderFlow flow, Step next) {
        return save(context, flow.at(next));
    }

    private Future<Void> save(HandlerContext context, OrderFlow moved) {
        Step step = moved.step();
        return moved.guardedByDeadline()
                ? flows.save(context, moved.orderId(), moved, step.name(), step.terminal(), STEP_DEADLINE, stepTimeout)
                : flows.save(context, moved.orderId(), moved, step.name(), step.terminal());
    }

    private static String wireType(Class<?> command) {
        return MessageType.Of.name(command);
    }

    /** Runs {@code reaction} on the order's flow; an event for an order this saga never began is ignored. */
    private Future<Void> on(HandlerContext context, String orderId, BiFunction<OrderFlow, HandlerContext, Future<Void>> reaction) {
        return flows.load(context, orderId).compose(known -> known.isEmpty() ? ignore() : reaction.apply(known.get(), context));
    }

    private static Future<Void> ignore() {
        return Future.succeededFuture();
    }
}
