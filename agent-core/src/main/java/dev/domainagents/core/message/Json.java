package dev.domainagents.core.message;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The one mapping between payload records and JSON, used on the bus, in the event store,
 * the outbox and the inbox. Instants are ISO-8601 strings. A {@link BigDecimal} (money) is a
 * decimal string with its scale, {@code "0.10"}, never a JSON number: any JSON reader that
 * takes numbers as binary floating point (Vert.x's {@code JsonObject}, JavaScript) would turn
 * it into {@code 0.1}, or lose digits of a large amount. It is read back from that string (and
 * still from a number, as rows written before this rule hold).
 * A payload that does not map is a {@link MalformedPayload}: permanent, never retried.
 */
public final class Json {
    private static final ObjectMapper MAPPER = newMapper();

    private static ObjectMapper newMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.configOverride(BigDecimal.class).setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
        return mapper.enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN.mappedFeature())
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    private Json() {
    }

    @SuppressWarnings("unchecked")
    public static JsonObject toJson(Object payload) {
        if (payload instanceof JsonObject json) {
            return json;
        }
        return new JsonObject(MAPPER.convertValue(payload, Map.class));
    }

    /**
     * {@code payload} (a {@link JsonObject}, or a record of another class with the same JSON: the
     * receiver's own record of a message) as a {@code type}, in one pass, with no JSON in between.
     */
    public static <T> T convert(Object payload, Class<T> type) {
        try {
            return MAPPER.convertValue(payload instanceof JsonObject json ? json.getMap() : payload, type);
        } catch (IllegalArgumentException e) {
            throw new MalformedPayload(type, e);
        }
    }

    /** JSON text of a record (straight from it, no map in between) or of a {@link JsonObject}. */
    public static String encode(Object payload) {
        if (payload instanceof JsonObject json) { // it may hold JsonObjects and JsonArrays, which only Vert.x writes
            return json.encode();
        }
        try {
            return MAPPER.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new MalformedPayload(payload.getClass(), e);
        }
    }

    /** Reads JSON text into {@code type} (any JSON value: a record, a number, a list). */
    public static <T> T decode(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new MalformedPayload(type, e);
        }
    }

    /** A payload that cannot be mapped to or from its record: bad data, so no retry can help. */
    public static final class MalformedPayload extends dev.domainagents.core.delivery.PermanentFailure {
        MalformedPayload(Class<?> type, Exception cause) {
            super("payload does not map to " + type.getSimpleName() + ": " + cause.getMessage(), cause);
        }
    }
}
