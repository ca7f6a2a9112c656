package dev.domainagents.payment.api;

import dev.domainagents.core.message.MessageType;

import java.math.BigDecimal;
import java.time.Instant;

/** What happened to one order's payment. */
public sealed interface PaymentEvent permits PaymentEvent.PaymentAuthorized, PaymentEvent.PaymentDeclined,
        PaymentEvent.PaymentCaptured, PaymentEvent.PaymentVoided, PaymentEvent.PaymentRefunded {

    String orderId();

    @MessageType("payment.authorized")
    record PaymentAuthorized(String orderId, BigDecimal amount, String paymentMethod, Instant at) implements PaymentEvent {
    }

    @MessageType("payment.declined")
    record PaymentDeclined(String orderId, BigDecimal amount, String paymentMethod, String reason, Instant at)
            implements PaymentEvent {
    }

    @MessageType("payment.captured")
    record PaymentCaptured(String orderId, BigDecimal amount, Instant at) implements PaymentEvent {
    }

    /**
     * The authorization will not be captured: voided at the gateway, or {@code lapsed} when the gateway
     * could not be reached (it lets an uncaptured authorization lapse by itself). Either way no capture
     * of this payment follows.
     */
    @MessageType("payment.voided")
    record PaymentVoided(String orderId, Instant at, boolean lapsed) implements PaymentEvent {
    }

    @MessageType("payment.refunded")
    record PaymentRefunded(String orderId, BigDecimal amount, Instant at) implements PaymentEvent {
    }
}
