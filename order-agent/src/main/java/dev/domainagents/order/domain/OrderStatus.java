package dev.domainagents.order.domain;

/** Where an order stands; NEW means not placed yet. PENDING ends in CONFIRMED or CANCELLED, never both. */
public enum OrderStatus {
    NEW,
    PENDING,
    CONFIRMED,
    CANCELLED;

    public boolean terminal() {
        return this == CONFIRMED || this == CANCELLED;
    }
}
