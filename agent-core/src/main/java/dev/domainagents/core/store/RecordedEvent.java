package dev.domainagents.core.store;

import dev.domainagents.core.message.Envelope;

/** An event as stored: its global position, its stream and version there, and its envelope. */
public record RecordedEvent(GlobalPosition position, String streamId, long version, Envelope envelope) {

    public String type() {
        return envelope.type();
    }

    public <T> T payloadAs(Class<T> payloadClass) {
        return envelope.payloadAs(payloadClass);
    }
}
