package dev.domainagents.stock.api;

import dev.domainagents.core.message.MessageType;

import java.time.Instant;
import java.util.List;

/**
 * What happened to one order's stock reservation (stream {@code stock-order-<orderId>}).
 * These are the events a saga follows; the SKU streams receive the matching movements
 * in the same transaction.
 */
public sealed interface ReservationEvent permits ReservationEvent.ReservationAccepted, ReservationEvent.ReservationRejected,
        ReservationEvent.ReservationReleased, ReservationEvent.ReservationCommitted {

    String orderId();

    @MessageType("stock.reservation-accepted")
    record ReservationAccepted(String orderId, List<StockLine> lines, Instant at) implements ReservationEvent {
        public ReservationAccepted {
            lines = List.copyOf(lines);
        }
    }

    /** Not enough stock for {@code shortages}: nothing was reserved. */
    @MessageType("stock.reservation-rejected")
    record ReservationRejected(String orderId, String reason, List<StockLine> shortages, Instant at) implements ReservationEvent {
        public ReservationRejected {
            shortages = List.copyOf(shortages);
        }
    }

    /** The reserved {@code lines} are for sale again (none if the release came before any reservation). */
    @MessageType("stock.reservation-released")
    record ReservationReleased(String orderId, List<StockLine> lines, Instant at) implements ReservationEvent {
        public ReservationReleased {
            lines = List.copyOf(lines);
        }
    }

    @MessageType("stock.reservation-committed")
    record ReservationCommitted(String orderId, List<StockLine> lines, Instant at) implements ReservationEvent {
        public ReservationCommitted {
            lines = List.copyOf(lines);
        }
    }
}
