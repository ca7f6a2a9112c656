package dev.domainagents.order.api;

import dev.domainagents.core.message.MessageType;

import java.time.Instant;
import java.util.List;

/** Commands the order agent handles, one stream per order. */
public sealed interface OrderCommand permits OrderCommand.PlaceOrder, OrderCommand.ConfirmOrder, OrderCommand.CancelOrder {

    String orderId();

    /**
     * Places an order. With an {@code idempotencyKey} (from the client), the key is claimed in
     * the same transaction: a later command with the same key places nothing and is answered
     * with the first order, or with {@link IdempotencyKeyReused} if its {@code fingerprint}
     * (of the client's request) differs.
     */
    @MessageType("order.place")
    record PlaceOrder(String orderId, String customerId, List<OrderLine> items, String paymentMethod, Instant at,
                      String idempotencyKey, String fingerprint) implements OrderCommand {
        public PlaceOrder {
            items = List.copyOf(items);
        }

        public PlaceOrder(String orderId, String customerId, List<OrderLine> items, String paymentMethod, Instant at) {
            this(orderId, customerId, items, paymentMethod, at, null, null);
        }
    }

    @MessageType("order.confirm")
    record ConfirmOrder(String orderId, Instant at) implements OrderCommand {
    }

    @MessageType("order.cancel")
    record CancelOrder(String orderId, String reason, Instant at) implements OrderCommand {
    }
}
