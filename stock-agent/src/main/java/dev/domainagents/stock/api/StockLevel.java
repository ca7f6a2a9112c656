package dev.domainagents.stock.api;

import dev.domainagents.core.message.MessageType;

/** One SKU's stock as API.md shows it: units available for sale and units reserved by pending orders. */
@MessageType("stock.level")
public record StockLevel(String sku, int available, int reserved) {
}
