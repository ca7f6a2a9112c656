package dev.domainagents.stock.api;

import dev.domainagents.core.message.MessageType;

import java.util.List;

/** The stock agent's reply to a reservation command: where the order's reservation stands. */
@MessageType("stock.reservation-summary")
public record ReservationSummary(String orderId, String status, List<StockLine> shortages) {
}
