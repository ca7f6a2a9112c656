package dev.domainagents.stock.api;

import dev.domainagents.core.message.MessageType;

import java.time.Instant;

/** What happened to one SKU's stock. */
public sealed interface StockEvent permits StockEvent.StockLevelSet {

    String sku();

    @MessageType("stock.level-set")
    record StockLevelSet(String sku, int available, Instant at) implements StockEvent {
    }
}
