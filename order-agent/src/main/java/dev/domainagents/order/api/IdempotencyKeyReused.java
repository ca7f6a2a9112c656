package dev.domainagents.order.api;

import dev.domainagents.core.message.MessageType;

/** The order agent's answer to a PlaceOrder whose idempotency key already placed a different request. */
@MessageType("order.idempotency-key-reused")
public record IdempotencyKeyReused(String idempotencyKey, String orderId) {
}
