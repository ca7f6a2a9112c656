package dev.domainagents.order.api;

import dev.domainagents.core.message.MessageType;

/** The order agent's reply: where the order stands after the command. */
@MessageType("order.summary")
public record OrderSummary(String orderId, String status, String reason) {
}
