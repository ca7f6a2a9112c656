package dev.domainagents.order.view;

import dev.domainagents.order.api.OrderEvent;
import dev.domainagents.order.api.OrderEvent.OrderCancelled;
import dev.domainagents.order.api.OrderEvent.OrderConfirmed;
import dev.domainagents.order.api.OrderEvent.OrderPlaced;
import dev.domainagents.order.api.OrderLine;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a client sees of one order (API.md {@code GET /orders/{id}}), folded from the order's
 * events alone. The projection stores it; a read that the projection has not reached yet folds
 * the order's stream with the same {@link #apply}, so both give the same answer.
 */
public record OrderView(String orderId, String customerId, List<OrderLine> items, BigDecimal total, String status,
                        String reason, Instant createdAt, Instant updatedAt, List<Change> history, long placedSeq) {

    public static final String PENDING = "PENDING";
    public static final String CONFIRMED = "CONFIRMED";
    public static final String CANCELLED = "CANCELLED";
    public static final Set<String> STATUSES = Set.of(PENDING, CONFIRMED, CANCELLED);

    /** One entry of the order's history: the event type and when it happened. */
    public record Change(String type, Instant at) {
        public Change {
            at = at.truncatedTo(ChronoUnit.MICROS);
        }
    }

    /** Times are kept to the microsecond, as PostgreSQL stores them, so a stored view equals a folded one. */
    public OrderView {
        items = List.copyOf(items);
        history = List.copyOf(history);
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
        updatedAt = updatedAt.truncatedTo(ChronoUnit.MICROS);
    }

    public boolean terminal() {
        return CONFIRMED.equals(status) || CANCELLED.equals(status);
    }

    /** The view of a just placed order; {@code placedSeq} is the placed event's global sequence. */
    public static OrderView placed(OrderPlaced placed, String type, long placedSeq) {
        return new OrderView(placed.orderId(), placed.customerId(), placed.items(), placed.total(), PENDING, null,
                placed.at(), placed.at(), List.of(new Change(type, placed.at())), placedSeq);
    }

    /** The view after a later event of the order; an event that does not change it (a repeat) leaves it as it is. */
    public OrderView apply(OrderEvent event, String type) {
        if (event instanceof OrderConfirmed confirmed) {
            return ended(CONFIRMED, null, type, confirmed.at());
        }
        if (event instanceof OrderCancelled cancelled) {
            return ended(CANCELLED, cancelled.reason(), type, cancelled.at());
        }
        if (event instanceof OrderPlaced) {
            return this;
        }
        throw new IllegalArgumentException("unhandled order event " + event.getClass().getName());
    }

    private OrderView ended(String newStatus, String newReason, String type, Instant at) {
        List<Change> longer = new ArrayList<>(history);
        longer.add(new Change(type, at));
        return new OrderView(orderId, customerId, items, total, newStatus, newReason, createdAt, at, longer, placedSeq);
    }
}
