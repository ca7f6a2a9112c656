package dev.domainagents.stock.domain;

import dev.domainagents.stock.api.ReservationEvent;
import dev.domainagents.stock.api.ReservationEvent.ReservationAccepted;
import dev.domainagents.stock.api.ReservationEvent.ReservationCommitted;
import dev.domainagents.stock.api.ReservationEvent.ReservationRejected;
import dev.domainagents.stock.api.ReservationEvent.ReservationReleased;
import dev.domainagents.stock.api.StockEvent;
import dev.domainagents.stock.api.StockEvent.StockCommitted;
import dev.domainagents.stock.api.StockEvent.StockReleased;
import dev.domainagents.stock.api.StockEvent.StockReserved;
import dev.domainagents.stock.api.StockLine;

import java.util.List;
import java.util.function.Function;

/** The SKU movements a reservation event implies, one per line; appended with it, in its transaction. */
public final class StockMovements {
    private StockMovements() {
    }

    public static List<StockEvent> of(ReservationEvent event) {
        if (event instanceof ReservationAccepted accepted) {
            return each(accepted.lines(), line -> new StockReserved(line.sku(), accepted.orderId(), line.quantity(), accepted.at()));
        }
        if (event instanceof ReservationReleased released) {
            return each(released.lines(), line -> new StockReleased(line.sku(), released.orderId(), line.quantity(), released.at()));
        }
        if (event instanceof ReservationCommitted committed) {
            return each(committed.lines(), line -> new StockCommitted(line.sku(), committed.orderId(), line.quantity(), committed.at()));
        }
        if (event instanceof ReservationRejected) {
            return List.of();
        }
        throw new IllegalArgumentException("unhandled reservation event " + event.getClass().getName());
    }

    private static List<StockEvent> each(List<StockLine> lines, Function<StockLine, StockEvent> movement) {
        return lines.stream().map(movement).toList();
    }
}
