package dev.domainagents.stock.domain;

import dev.domainagents.stock.api.StockLine;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the reservation decider is asked, with the SKU states a reservation is decided against. */
public sealed interface ReservationRequest permits ReservationRequest.Reserve, ReservationRequest.Release,
        ReservationRequest.Commit {

    record Reserve(String orderId, List<StockLine> lines, Map<String, Stock> stockBySku, Instant at) implements ReservationRequest {
        public Reserve {
            lines = List.copyOf(lines);
            stockBySku = Map.copyOf(stockBySku);
        }
    }

    record Release(String orderId, Instant at) implements ReservationRequest {
    }

    record Commit(String orderId, Instant at) implements ReservationRequest {
    }
}
