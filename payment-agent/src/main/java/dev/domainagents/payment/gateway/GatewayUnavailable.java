package dev.domainagents.payment.gateway;

import dev.domainagents.core.delivery.TransientFailure;

/** The gateway failed for now; the call is retried, and counts towards opening its breaker. */
public final class GatewayUnavailable extends TransientFailure {
    public GatewayUnavailable(String message) {
        super(message);
    }
}
