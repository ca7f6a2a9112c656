package dev.domainagents.order.api;

import dev.domainagents.core.message.MessageType;

import java.time.Instant;
import java.util.List;

/** Commands the order agent handles, one stream per order. */
public sealed interface OrderCommand permits OrderCommand.PlaceOrder, OrderCommand.ConfirmOrder, OrderCommand.CancelOrder {

    String orderId();

    @MessageType("order.place")
    record PlaceOrder(String orderId, String customerId, List<OrderLine> items, String paymentMethod, Instant at)
            implements OrderCommand {
        public PlaceOrder {
            items = List.copyOf(items);
        }
    }

    @MessageType("order.confirm")
    record ConfirmOrder(String orderId, Instant at) implements OrderCommand {
    }

    @MessageType("order.cancel")
    record CancelOrder(String orderId, String reason, Instant at) implements OrderCommand {
    }
}
