package dev.domainagents.payment.gateway;

import dev.domainagents.core.delivery.PermanentFailure;

/**
 * The gateway refused to capture or void an authorization the other step already settled, as
 * real gateways do: {@code captured} says which way it went. An answer, not an outage: the
 * payment agent records what the gateway says happened.
 */
public final class AuthorizationSettled extends PermanentFailure {
    private final boolean captured;

    public AuthorizationSettled(String authorization, boolean captured) {
        super("authorization " + authorization + " was already " + (captured ? "captured" : "voided"));
        this.captured = captured;
    }

    public boolean captured() {
        return captured;
    }
}
