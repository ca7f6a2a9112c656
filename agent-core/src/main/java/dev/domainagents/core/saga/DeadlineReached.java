package dev.domainagents.core.saga;

import dev.domainagents.core.message.MessageType;

import java.time.Instant;

/** A saga's deadline fell due: the event its coordinator receives, in order with its other events. */
@MessageType("saga.deadline-reached")
public record DeadlineReached(String saga, String correlationId, String name, Instant dueAt) {
}
