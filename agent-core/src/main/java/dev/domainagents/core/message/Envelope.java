package dev.domainagents.core.message;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything that crosses the bus travels in one envelope.
 *
 * <p>{@code messageId} is the idempotency key: a receiver handles a given id once.
 * {@code correlationId} names the business flow (an order id), {@code causationId} the
 * message that caused this one. The payload is a {@link MessageType}-annotated record when
 * the envelope was made in this JVM, and a {@link JsonObject} when it arrived from the wire
 * or from storage; {@link #payloadAs(Class)} gives the record either way.
 */
public record Envelope(
        UUID messageId,
        String type,
        MessageKind kind,
        String aggregateId,
        String correlationId,
        UUID causationId,
        Instant occurredAt,
        int attempt,
        Map<String, String> headers,
        Object payload) {

    public Envelope {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** A new message of the payload's declared type, starting a new flow correlated by {@code correlationId}. */
    public static Envelope of(MessageKind kind, String aggregateId, String correlationId, Object payload, Instant now) {
        return new Envelope(UUID.randomUUID(), MessageType.Of.name(payload.getClass()), kind, aggregateId,
                correlationId, null, now, 1, Map.of(), payload);
    }

    /** A message caused by this one: same flow, same trace headers, this message as its cause. */
    public Envelope causing(MessageKind kind, String aggregateId, Object payload, Instant now) {
        return causing(UUID.randomUUID(), kind, aggregateId, payload, now);
    }

    /** A message caused by this one, with the id given (see {@link SentIds}). */
    public Envelope causing(UUID id, MessageKind kind, String aggregateId, Object payload, Instant now) {
        return new Envelope(id, MessageType.Of.name(payload.getClass()), kind, aggregateId,
                correlationId, messageId, now, 1, headers, payload);
    }

    public Envelope withAttempt(int attempt) {
        return new Envelope(messageId, type, kind, aggregateId, correlationId, causationId, occurredAt, attempt,
                headers, payload);
    }

    public <T> T payloadAs(Class<T> payloadClass) {
        if (payloadClass.isInstance(payload)) {
            return payloadClass.cast(payload);
        }
        return Json.convert(payload, payloadClass);
    }

    public JsonObject payloadJson() {
        return Json.toJson(payload);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("messageId", messageId.toString())
                .put("type", type)
                .put("kind", kind.name())
                .put("occurredAt", occurredAt.toString())
                .put("attempt", attempt)
                .put("headers", new JsonObject(Map.copyOf(headers)))
                .put("payload", payloadJson());
        if (aggregateId != null) {
            json.put("aggregateId", aggregateId);
        }
        if (correlationId != null) {
            json.put("correlationId", correlationId);
        }
        if (causationId != null) {
            json.put("causationId", causationId.toString());
        }
        return json;
    }

    public static Envelope fromJson(JsonObject json) {
        JsonObject headers = json.getJsonObject("headers", new JsonObject());
        String causation = json.getString("causationId");
        return new Envelope(
                UUID.fromString(json.getString("messageId")),
                json.getString("type"),
                MessageKind.valueOf(json.getString("kind")),
                json.getString("aggregateId"),
                json.getString("correlationId"),
                causation == null ? null : UUID.fromString(causation),
                Instant.parse(json.getString("occurredAt")),
                json.getInteger("attempt", 1),
                headers.getMap().entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue()))),
                json.getJsonObject("payload"));
    }
}
