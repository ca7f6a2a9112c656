package dev.domainagents.order.api;

import dev.domainagents.core.message.MessageType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** What happened to one order. */
public sealed interface OrderEvent permits OrderEvent.OrderPlaced, OrderEvent.OrderConfirmed, OrderEvent.OrderCancelled {

    String orderId();

    @MessageType("order.placed")
    record OrderPlaced(String orderId, String customerId, List<OrderLine> items, BigDecimal total, String paymentMethod,
                       Instant at) implements OrderEvent {
        public OrderPlaced {
            items = List.copyOf(items);
        }
    }

    @MessageType("order.confirmed")
    record OrderConfirmed(String orderId, Instant at) implements OrderEvent {
    }

    @MessageType("order.cancelled")
    record OrderCancelled(String orderId, String reason, Instant at) implements OrderEvent {
    }
}
