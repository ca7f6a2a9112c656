package dev.domainagents.stock.api;

import dev.domainagents.core.message.MessageType;

import java.time.Instant;

/** What happened to one SKU's stock (stream {@code stock-<sku>}). */
public sealed interface StockEvent permits StockEvent.StockLevelSet, StockEvent.StockReserved,
        StockEvent.StockReleased, StockEvent.StockCommitted {

    String sku();

    @MessageType("stock.level-set")
    record StockLevelSet(String sku, int available, Instant at) implements StockEvent {
    }

    @MessageType("stock.reserved")
    record StockReserved(String sku, String orderId, int quantity, Instant at) implements StockEvent {
    }

    @MessageType("stock.released")
    record StockReleased(String sku, String orderId, int quantity, Instant at) implements StockEvent {
    }

    @MessageType("stock.committed")
    record StockCommitted(String sku, String orderId, int quantity, Instant at) implements StockEvent {
    }
}
