package dev.domainagents.order.saga;

import dev.domainagents.order.saga.StockContract.StockLine;

import java.math.BigDecimal;
import java.util.List;

/**
 * The order saga's durable state for one order: what it needs to ask the next step and to
 * compensate the steps done, and the step it stands at.
 */
public record OrderFlow(String orderId, List<StockLine> lines, BigDecimal total, String paymentMethod, Step step) {

    public OrderFlow {
        lines = List.copyOf(lines);
    }

    /**
     * The saga's steps. Deadlines guard RESERVING and AUTHORIZING; from CAPTURING on the flow
     * only goes forward (capture is idempotent and resent until acknowledged), so a payment
     * is captured if and only if the order is confirmed.
     */
    public enum Step {
        RESERVING,
        AUTHORIZING,
        CAPTURING,
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
        return new OrderFlow(orderId, lines, total, paymentMethod, next);
    }

    public boolean guardedByDeadline() {
        return step == Step.RESERVING || step == Step.AUTHORIZING;
    }
}
