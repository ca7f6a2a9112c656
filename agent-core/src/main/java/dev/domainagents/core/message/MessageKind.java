package dev.domainagents.core.message;

/** What a message asks of its receiver: do something, know something happened, or here is your answer. */
public enum MessageKind {
    COMMAND,
    EVENT,
    REPLY
}
