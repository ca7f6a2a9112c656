package dev.domainagents.core.saga;

import dev.domainagents.core.message.MessageType;

import java.time.Instant;

/**
 * A saga's deadline fell due: the event its coordinator receives, in order with its other events.
 * {@code step} is the step the deadline guards, the one the saga stood at when it set it: by the
 * time the event arrives the saga may have moved on, and then it must change nothing
 * ({@link SagaStates#loadAtStepOf}).
 */
@MessageType("saga.deadline-reached")
public record DeadlineReached(String saga, String correlationId, String name, String step, Instant dueAt) {
}
