package dev.domainagents.payment.domain;

import java.math.BigDecimal;

/** The state of one order's payment. */
public record Payment(String orderId, PaymentStatus status, BigDecimal amount, String paymentMethod, String reason) {

    public static Payment none() {
        return new Payment(null, PaymentStatus.NONE, BigDecimal.ZERO, null, null);
    }
}
