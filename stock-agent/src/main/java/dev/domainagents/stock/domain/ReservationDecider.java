package dev.domainagents.stock.domain;

import dev.domainagents.core.agent.Decider;
import dev.domainagents.stock.api.ReservationEvent;
import dev.domainagents.stock.api.ReservationEvent.ReservationAccepted;
import dev.domainagents.stock.api.ReservationEvent.ReservationCommitted;
import dev.domainagents.stock.api.ReservationEvent.ReservationRejected;
import dev.domainagents.stock.api.ReservationEvent.ReservationReleased;
import dev.domainagents.stock.api.StockLine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One order's reservation, all lines or none. A reservation is accepted only if every SKU
 * is known and has the units available, so stock is never oversold; each step happens
 * once, and a repeated or late request changes nothing.
 */
public final class ReservationDecider implements Decider<ReservationRequest, ReservationEvent, Reservation> {
    public static final String OUT_OF_STOCK = "out_of_stock";

    @Override
    public Reservation initialState() {
        return Reservation.none();
    }

    @Override
    public List<ReservationEvent> decide(ReservationRequest request, Reservation state) {
        if (request instanceof ReservationRequest.Reserve reserve) {
            return state.status() != ReservationStatus.NONE ? List.of() : List.of(reserve(reserve));
        }
        if (request instanceof ReservationRequest.Release release) {
            return switch (state.status()) {
                case NONE -> List.of(new ReservationReleased(release.orderId(), List.of(), release.at()));
                case RESERVED -> List.of(new ReservationReleased(release.orderId(), state.lines(), release.at()));
                default -> List.of();
            };
        }
        if (request instanceof ReservationRequest.Commit commit) {
            return state.status() != ReservationStatus.RESERVED ? List.of()
                    : List.of(new ReservationCommitted(commit.orderId(), state.lines(), commit.at()));
        }
        throw new IllegalArgumentException("unhandled reservation request " + request.getClass().getName());
    }

    private static ReservationEvent reserve(ReservationRequest.Reserve reserve) {
        List<StockLine> wanted = perSku(reserve.lines());
        List<StockLine> shortages = new ArrayList<>();
        for (StockLine line : wanted) {
            Stock stock = reserve.stockBySku().get(line.sku());
            if (stock == null || !stock.known() || stock.available() < line.quantity()) {
                shortages.add(line);
            }
        }
        return shortages.isEmpty()
                ? new ReservationAccepted(reserve.orderId(), wanted, reserve.at())
                : new ReservationRejected(reserve.orderId(), OUT_OF_STOCK, shortages, reserve.at());
    }

    /** Lines of the same SKU summed, in order of first appearance. */
    public static List<StockLine> perSku(List<StockLine> lines) {
        Map<String, Integer> bySku = new LinkedHashMap<>();
        lines.forEach(line -> bySku.merge(line.sku(), line.quantity(), Integer::sum));
        return bySku.entrySet().stream().map(e -> new StockLine(e.getKey(), e.getValue())).toList();
    }

    @Override
    public Reservation evolve(Reservation state, ReservationEvent event) {
        if (event instanceof ReservationAccepted accepted) {
            return new Reservation(accepted.orderId(), ReservationStatus.RESERVED, accepted.lines());
        }
        if (event instanceof ReservationRejected rejected) {
            return new Reservation(rejected.orderId(), ReservationStatus.REJECTED, List.of());
        }
        if (event instanceof ReservationReleased released) {
            return new Reservation(released.orderId(), ReservationStatus.RELEASED, List.of());
        }
        if (event instanceof ReservationCommitted committed) {
            return new Reservation(committed.orderId(), ReservationStatus.COMMITTED, List.of());
        }
        throw new IllegalArgumentException("unhandled reservation event " + event.getClass().getName());
    }
}
