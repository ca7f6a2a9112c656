package dev.domainagents.stock.api;

/** A quantity of one SKU, as an order line asks for it. */
public record StockLine(String sku, int quantity) {
}
