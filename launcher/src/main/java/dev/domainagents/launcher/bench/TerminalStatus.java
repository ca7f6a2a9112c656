package dev.domainagents.launcher.bench;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Recognises an order's terminal status, {@code CONFIRMED} or {@code CANCELLED} (API.md), in an
 * order resource or in one of its status-change events. API.md fixes the stream, one event per
 * status change, not the event's shape, so an event counts as terminal when its data's
 * {@code status} or {@code type}, its name, or its data itself names a terminal status, e.g.
 * {@code {"status": "CONFIRMED"}}, {@code event: order.cancelled} or {@code data: CANCELLED}.
 */
final class TerminalStatus {
    static final String CONFIRMED = "CONFIRMED";
    static final String CANCELLED = "CANCELLED";

    private TerminalStatus() {
    }

    /** The terminal status of an order as {@code GET /orders/{id}} shows it, if it is terminal. */
    static Optional<String> ofOrder(JsonObject order) {
        return of(order.getValue("status"));
    }

    /** The terminal status an event of {@code GET /orders/{id}/events} announces, if any. */
    static Optional<String> ofEvent(SseDecoder.Event event) {
        JsonObject data = json(event.data());
        return Stream.of(data.getValue("status"), data.getValue("type"), event.name(), event.data())
                .map(TerminalStatus::of)
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static Optional<String> of(Object value) {
        if (!(value instanceof String text)) {
            return Optional.empty();
        }
        String upper = text.trim().toUpperCase(Locale.ROOT);
        for (String status : new String[] {CONFIRMED, CANCELLED}) {
            if (upper.equals(status) || upper.endsWith("." + status)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    private static JsonObject json(String data) {
        String trimmed = data.trim();
        if (!trimmed.startsWith("{")) {
            return new JsonObject();
        }
        try {
            return new JsonObject(trimmed);
        } catch (DecodeException e) {
            return new JsonObject();
        }
    }
}
