package dev.domainagents.stock.domain;

/**
 * NONE until decided; then REJECTED, or RESERVED and later RELEASED or COMMITTED. A release
 * that comes first makes it RELEASED with nothing held, so a late reservation is refused.
 */
public enum ReservationStatus {
    NONE,
    RESERVED,
    REJECTED,
    RELEASED,
    COMMITTED
}
