package dev.domainagents.stock.api;

import dev.domainagents.core.message.MessageType;

import java.time.Instant;
import java.util.List;

/** Commands the stock agent handles. */
public sealed interface StockCommand permits StockCommand.SetStock, StockCommand.ReserveStock,
        StockCommand.ReleaseStock, StockCommand.CommitStock {

    /** Sets the units available for sale of one SKU (an admin operation); reservations stand. */
    @MessageType("stock.set")
    record SetStock(String sku, int available, Instant at) implements StockCommand {
    }

    /** Reserves every line of an order, or none: a shortage is answered with a rejection, not an error. */
    @MessageType("stock.reserve")
    record ReserveStock(String orderId, List<StockLine> lines, Instant at) implements StockCommand {
        public ReserveStock {
            lines = List.copyOf(lines);
        }
    }

    /** Gives an order's reserved units back for sale; also refuses a reservation that arrives after it. */
    @MessageType("stock.release")
    record ReleaseStock(String orderId, List<StockLine> lines, Instant at) implements StockCommand {
        public ReleaseStock {
            lines = List.copyOf(lines);
        }
    }

    /** Turns an order's reservation into a sale. */
    @MessageType("stock.commit")
    record CommitStock(String orderId, List<StockLine> lines, Instant at) implements StockCommand {
        public CommitStock {
            lines = List.copyOf(lines);
        }
    }
}
