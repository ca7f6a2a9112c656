package dev.domainagents.stock.api;

import dev.domainagents.core.message.MessageType;

import java.time.Instant;

/** Commands the stock agent handles, one stream per SKU. */
public sealed interface StockCommand permits StockCommand.SetStock {

    String sku();

    /** Sets the units available for sale (an admin operation); reservations stand. */
    @MessageType("stock.set")
    record SetStock(String sku, int available, Instant at) implements StockCommand {
    }
}
