package dev.domainagents.core.agent;

/** An aggregate's state as read from its stream, and the stream version it was read at. */
public record Loaded<S>(String streamId, long version, S state) {
}
