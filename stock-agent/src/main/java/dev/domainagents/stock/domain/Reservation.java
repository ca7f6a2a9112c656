package dev.domainagents.stock.domain;

import dev.domainagents.stock.api.StockLine;

import java.util.List;

/** One order's stock reservation: where it stands and the units it holds. */
public record Reservation(String orderId, ReservationStatus status, List<StockLine> lines) {

    public Reservation {
        lines = List.copyOf(lines);
    }

    public static Reservation none() {
        return new Reservation(null, ReservationStatus.NONE, List.of());
    }
}
