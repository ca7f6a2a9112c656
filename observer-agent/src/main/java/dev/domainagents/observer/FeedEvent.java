package dev.domainagents.observer;

import dev.domainagents.core.store.RecordedEvent;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * The compact summary of one domain event that the live feed carries. The observer
 * publishes it on {@link #ADDRESS} (to every node of a cluster) once the transaction in
 * which it saw the event has committed: a live view, so at most once, and never for work
 * that rolled back.
 */
record FeedEvent(String type, String streamId, String correlationId, Instant occurredAt) {
    static final String ADDRESS = "domain-agents.observer.feed";

    static FeedEvent of(RecordedEvent event) {
        return new FeedEvent(event.type(), event.streamId(), event.envelope().correlationId(), event.envelope().occurredAt());
    }

    JsonObject toJson() {
        return new JsonObject()
                .put("type", type)
                .put("streamId", streamId)
                .put("correlationId", correlationId)
                .put("occurredAt", occurredAt.toString());
    }
}
