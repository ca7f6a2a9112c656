package dev.domainagents.core.delivery;

import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.store.GlobalPosition;
import dev.domainagents.core.store.RecordedEvent;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A message a consumer gave up on. {@code address} is set for commands (where a redrive
 * sends it again); {@code streamId}/{@code streamVersion} for events of a subscription
 * (where later events of the same stream wait behind it).
 */
public record DeadLetter(long id, String consumer, String address, Envelope envelope, String streamId,
                         Long streamVersion, GlobalPosition eventPosition, String error, int attempts, Status status,
                         Instant firstFailedAt, Instant lastFailedAt) {

    public enum Status {
        /** Failed past its retries, or permanently. */
        DEAD,
        /** Never tried: waits behind a dead message of the same stream. */
        PARKED,
        /** An operator asked for another try; the owning consumer picks it up. */
        REDRIVE,
        /**
         * Never stored: what a redrive of a command answers. The command went back to the outbox,
         * to be sent to its address again, and its dead letter is gone.
         */
        REQUEUED
    }

    /** This dead letter in another state: what a redrive left it in. */
    public DeadLetter withStatus(Status other) {
        return new DeadLetter(id, consumer, address, envelope, streamId, streamVersion, eventPosition, error, attempts, other,
                firstFailedAt, lastFailedAt);
    }

    /** The event as its subscription first read it; only for dead letters of subscriptions. */
    public RecordedEvent asEvent() {
        return new RecordedEvent(eventPosition, streamId, streamVersion, envelope);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("agent", consumer)
                .put("messageType", envelope.type())
                .put("messageId", envelope.messageId().toString())
                .put("status", status.name())
                .put("address", address)
                .put("streamId", streamId)
                .put("streamVersion", streamVersion)
                .put("envelope", envelope.toJson())
                .put("error", error)
                .put("attempts", attempts)
                .put("firstFailureAt", firstFailedAt.toString())
                .put("lastFailureAt", lastFailedAt.toString());
    }
}
