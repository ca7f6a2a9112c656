package dev.domainagents.payment.api;

import dev.domainagents.core.message.MessageType;

import java.math.BigDecimal;
import java.time.Instant;

/** Commands the payment agent handles, one payment (and stream) per order. */
public sealed interface PaymentCommand permits PaymentCommand.AuthorizePayment, PaymentCommand.CapturePayment,
        PaymentCommand.VoidPayment, PaymentCommand.RefundPayment {

    String orderId();

    /** Asks the gateway to hold {@code amount}; a decline is a business answer, not a failure. */
    @MessageType("payment.authorize")
    record AuthorizePayment(String orderId, BigDecimal amount, String paymentMethod, Instant at) implements PaymentCommand {
    }

    /** Takes the authorized amount; at most once per payment. */
    @MessageType("payment.capture")
    record CapturePayment(String orderId, Instant at) implements PaymentCommand {
    }

    /**
     * Releases an authorization that will not be captured (compensation before capture). It always
     * ends recorded, unless the payment was captured first: a gateway still unreachable on its last
     * attempt leaves the authorization to lapse, and the void is recorded anyway.
     */
    @MessageType("payment.void")
    record VoidPayment(String orderId, Instant at) implements PaymentCommand {
    }

    /** Gives a captured amount back (compensation after capture). */
    @MessageType("payment.refund")
    record RefundPayment(String orderId, Instant at) implements PaymentCommand {
    }
}
