package dev.domainagents.order.domain;

import java.math.BigDecimal;

/** The state of one order, as its decider needs it. */
public record Order(String orderId, String customerId, OrderStatus status, BigDecimal total, String reason) {

    public static Order notPlaced() {
        return new Order(null, null, OrderStatus.NEW, BigDecimal.ZERO, null);
    }
}
