package dev.domainagents.launcher.bench;

import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a Server-Sent Events stream as the WHATWG spec reads it: lines end with LF, CR or
 * CRLF; {@code event:} names the event, {@code data:} lines add to its data, a line starting with
 * a colon is a comment, a blank line ends the event. The network may split a chunk anywhere, a
 * line or a UTF-8 character included, so bytes wait until their line is complete. One decoder
 * per stream, fed from one thread.
 */
final class SseDecoder {
    /** One event: its name ({@code message} unless {@code event:} said otherwise) and its data lines joined by LF. */
    record Event(String name, String data) {
    }

    private static final String DEFAULT_NAME = "message";

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean afterCarriageReturn;
    private String name;
    private StringBuilder data;

    /** The events this chunk completes, in order. */
    List<Event> feed(Buffer chunk) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < chunk.length(); i++) {
            byte b = chunk.getByte(i);
            if (b == '\n' && afterCarriageReturn) {
                afterCarriageReturn = false;
            } else if (b == '\n' || b == '\r') {
                afterCarriageReturn = b == '\r';
                endOfLine(events);
            } else {
                afterCarriageReturn = false;
                line.write(b);
            }
        }
        return events;
    }

    private void endOfLine(List<Event> events) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.isEmpty()) {
            if (name != null || data != null) {
                events.add(new Event(name == null ? DEFAULT_NAME : name, data == null ? "" : data.toString()));
            }
            name = null;
            data = null;
            return;
        }
        if (text.startsWith(":")) {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("event")) {
            name = value;
        } else if (field.equals("data")) {
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        }
    }
}
