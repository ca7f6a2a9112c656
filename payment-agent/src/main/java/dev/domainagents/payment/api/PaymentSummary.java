package dev.domainagents.payment.api;

import dev.domainagents.core.message.MessageType;

import java.math.BigDecimal;

/** The payment agent's reply: where the order's payment stands after the command. */
@MessageType("payment.summary")
public record PaymentSummary(String orderId, String status, BigDecimal amount, String reason) {
}
