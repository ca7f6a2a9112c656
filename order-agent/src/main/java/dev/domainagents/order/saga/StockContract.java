package dev.domainagents.order.saga;

import dev.domainagents.core.message.MessageType;

import java.time.Instant;
import java.util.List;

/**
 * The stock messages the order saga exchanges, as the saga sees them: same wire names and
 * fields as the stock module's records (order-agent depends on agent-core only). The
 * launcher's contract test checks each against the stock module.
 */
public final class StockContract {
    private StockContract() {
    }

    public record StockLine(String sku, int quantity) {
    }

    @MessageType("stock.reserve")
    public record ReserveStock(String orderId, List<StockLine> lines, Instant at) {
    }

    @MessageType("stock.release")
    public record ReleaseStock(String orderId, List<StockLine> lines, Instant at) {
    }

    @MessageType("stock.commit")
    public record CommitStock(String orderId, List<StockLine> lines, Instant at) {
    }

    @MessageType("stock.reservation-accepted")
    public record ReservationAccepted(String orderId, List<StockLine> lines, Instant at) {
    }

    @MessageType("stock.reservation-rejected")
    public record ReservationRejected(String orderId, String reason, List<StockLine> shortages, Instant at) {
    }
}
