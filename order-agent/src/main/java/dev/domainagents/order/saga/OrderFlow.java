package dev.domainagents.order.saga;

import dev.domainagents.order.saga.StockContract.StockLine;

import java.math.BigDecimal;
import java.util.List;

/**
 * The order saga's durable state for one order: what it needs to ask the next step and to
 * compensate the steps done, the step it stands at, and why it cancels ({@code reason}, once it does).
 */
public record OrderFlow(String orderId, List<StockLine> lines, BigDecimal total, String paymentMethod, Step step,
                        String reason) {

    public OrderFlow {
        lines = List.copyOf(lines);
    }

    /**
     * The saga's steps, each with a way out that needs no operator (README, "The order saga's
     * steps"). Deadlines guard RESERVING, AUTHORIZING and CAPTURING. A capture that does not
     * come leads to VOIDING, where the payment decides between the capture and the void (the
     * first recorded wins), so a payment is captured if and only if the order is confirmed.
     * From CONFIRMING and CANCELLING on, the flow only goes forward: their commands are resent
     * until done.
     */
    public enum Step {
        RESERVING,
        AUTHORIZING,
        CAPTURING,
        VOIDING,
        CONFIRMING,
        CANCELLING,
        CONFIRMED,
        CANCELLED;

        public boolean cancelled() {
            return this == CANCELLING || this == CANCELLED;
        }

        public boolean terminal() {
            return this == CONFIRMED || this == CANCELLED;
        }
    }

    public OrderFlow at(Step next) {
        return new OrderFlow(orderId, lines, total, paymentMethod, next, reason);
    }

    public OrderFlow cancelledFor(String why) {
        return new OrderFlow(orderId, lines, total, paymentMethod, Step.CANCELLING, why);
    }

    public boolean guardedByDeadline() {
        return step == Step.RESERVING || step == Step.AUTHORIZING || step == Step.CAPTURING;
    }
}
