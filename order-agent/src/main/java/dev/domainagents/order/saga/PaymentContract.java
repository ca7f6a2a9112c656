package dev.domainagents.order.saga;

import dev.domainagents.core.message.MessageType;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The payment messages the order saga exchanges, as the saga sees them: same wire names
 * and fields as the payment module's records. The launcher's contract test checks each.
 */
public final class PaymentContract {
    private PaymentContract() {
    }

    @MessageType("payment.authorize")
    public record AuthorizePayment(String orderId, BigDecimal amount, String paymentMethod, Instant at) {
    }

    @MessageType("payment.capture")
    public record CapturePayment(String orderId, Instant at) {
    }

    @MessageType("payment.void")
    public record VoidPayment(String orderId, Instant at) {
    }

    @MessageType("payment.authorized")
    public record PaymentAuthorized(String orderId, BigDecimal amount, String paymentMethod, Instant at) {
    }

    @MessageType("payment.declined")
    public record PaymentDeclined(String orderId, BigDecimal amount, String paymentMethod, String reason, Instant at) {
    }

    @MessageType("payment.captured")
    public record PaymentCaptured(String orderId, BigDecimal amount, Instant at) {
    }

    /** The authorization will not be captured: voided, or left to lapse at a gateway that could not be reached. */
    @MessageType("payment.voided")
    public record PaymentVoided(String orderId, Instant at, boolean lapsed) {
    }
}
