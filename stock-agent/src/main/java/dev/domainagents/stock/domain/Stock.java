package dev.domainagents.stock.domain;

/** The state of one SKU: whether it was ever set, units available and units reserved. */
public record Stock(String sku, boolean known, int available, int reserved) {

    public static Stock unknown() {
        return new Stock(null, false, 0, 0);
    }
}
