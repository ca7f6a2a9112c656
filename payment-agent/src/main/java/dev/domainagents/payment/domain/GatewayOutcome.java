package dev.domainagents.payment.domain;

import java.time.Instant;

/**
 * What the gateway answered, handed to the decider as its command: the decider stays pure,
 * and the agent asks the gateway only when {@link PaymentDecider#needsGateway} says so.
 */
public sealed interface GatewayOutcome permits GatewayOutcome.Authorization, GatewayOutcome.Capture,
        GatewayOutcome.Void, GatewayOutcome.Refund {

    /** The gateway approved ({@code approved}) or declined, with its reason, an authorization request. */
    record Authorization(String orderId, java.math.BigDecimal amount, String paymentMethod, boolean approved,
                         String declineReason, Instant at) implements GatewayOutcome {
    }

    record Capture(String orderId, Instant at) implements GatewayOutcome {
    }

    /** The authorization is voided, or left to {@code lapse} at a gateway that could not be reached. */
    record Void(String orderId, Instant at, boolean lapsed) implements GatewayOutcome {
    }

    record Refund(String orderId, Instant at) implements GatewayOutcome {
    }
}
