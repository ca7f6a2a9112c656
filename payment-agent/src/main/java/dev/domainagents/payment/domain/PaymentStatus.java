package dev.domainagents.payment.domain;

/** The life of a payment: authorized or declined, then captured or voided; a capture may be refunded. */
public enum PaymentStatus {
    NONE,
    AUTHORIZED,
    DECLINED,
    CAPTURED,
    VOIDED,
    REFUNDED
}
