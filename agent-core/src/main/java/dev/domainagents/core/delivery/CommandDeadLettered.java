package dev.domainagents.core.delivery;

import dev.domainagents.core.message.MessageType;

import java.util.UUID;

/**
 * A command was buried in the dead letters: the event its sender learns it from. Appended in
 * the transaction of the burial (so a burial without it cannot commit), caused by the command
 * and with its correlation id, it reaches a coordinator through its durable subscription like
 * any other event ({@code when(CommandDeadLettered.class, ...)}). {@code permanent} says the
 * handler refused it (bad data, a bug): sending it again fails the same way.
 */
@MessageType("command.dead-lettered")
public record CommandDeadLettered(UUID messageId, String type, String aggregateId, String correlationId, String consumer,
                                  String error, boolean permanent, int attempts) {
}
