package dev.domainagents.core.delivery;

/** Where a dependency's circuit breaker stands; {@link #code} is its value in the {@code breaker_state} gauge. */
public enum BreakerState {
    CLOSED(0), HALF_OPEN(1), OPEN(2);

    private final int code;

    BreakerState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
