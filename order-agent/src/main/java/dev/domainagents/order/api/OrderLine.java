package dev.domainagents.order.api;

import java.math.BigDecimal;

/** One line of an order: a SKU, how many, at what unit price. */
public record OrderLine(String sku, int quantity, BigDecimal unitPrice) {

    public BigDecimal amount() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
