package dev.domainagents.launcher;

import dev.domainagents.core.config.Settings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * The shape of the configuration, taken from the defaults: {@code config/dev.json} names every
 * knob with a value of the right type, and {@code agents.<name>} may hold, for any agent,
 * {@code retry} and {@code batching} (shaped like {@code delivery.retry} and
 * {@code delivery.batching}), {@code instances} and {@code segments}.
 *
 * <p>Rejects keys the defaults do not know, so a typo fails instead of being ignored, and gives
 * every value the type of its default, so that text from environment variables and system
 * properties works: {@code "5433"} becomes 5433 for {@code db.port}, {@code "abc"} fails
 * naming {@code db.port}. Whole-number knobs hold an int; a JSON null means the default.
 */
final class ConfigSchema {
    private final JsonObject defaults;
    private final JsonObject agentShape;

    ConfigSchema(JsonObject defaults) {
        this.defaults = defaults;
        JsonObject delivery = defaults.getJsonObject("delivery", new JsonObject());
        this.agentShape = new JsonObject()
                .put("retry", delivery.getJsonObject("retry", new JsonObject()))
                .put("batching", delivery.getJsonObject("batching", new JsonObject()))
                .put("instances", 1)
                .put("segments", 1);
    }

    /** Fails on the first key the defaults do not know, naming it. */
    void requireKnown(JsonObject config) {
        requireKnown(config, shapeOf(config), "");
    }

    /** Only the known keys of {@code config} (system properties also hold the JVM's own). */
    JsonObject onlyKnown(JsonObject config) {
        return onlyKnown(config, shapeOf(config));
    }

    /** {@code config} with every known value converted to its default's type; fails naming the key. */
    JsonObject typed(JsonObject config) {
        return typed(config, shapeOf(config), "");
    }

    private JsonObject shapeOf(JsonObject config) {
        JsonObject agents = new JsonObject();
        if (config.getValue("agents") instanceof JsonObject named) {
            named.fieldNames().forEach(agent -> agents.put(agent, agentShape));
        }
        if (defaults.getValue("agents") instanceof JsonObject named) {
            named.fieldNames().forEach(agent -> agents.put(agent, agentShape));
        }
        return defaults.copy().put("agents", agents);
    }

    private static void requireKnown(JsonObject config, JsonObject shape, String path) {
        for (String key : config.fieldNames()) {
            String at = path + key;
            // the value of an unknown key is not shown: a misspelt secret's key (admin.tokn) would print the secret
            Settings.require(shape.containsKey(key), at, "(not shown)",
                    "a known key (every key has its default in config/dev.json)");
            if (shape.getValue(key) instanceof JsonObject inner && config.getValue(key) instanceof JsonObject value) {
                requireKnown(value, inner, at + ".");
            }
        }
    }

    private static JsonObject onlyKnown(JsonObject config, JsonObject shape) {
        JsonObject known = new JsonObject();
        for (String key : config.fieldNames()) {
            Object value = config.getValue(key);
            if (shape.getValue(key) instanceof JsonObject inner) {
                if (value instanceof JsonObject section) {
                    known.put(key, onlyKnown(section, inner));
                }
            } else if (shape.containsKey(key)) {
                known.put(key, value);
            }
        }
        return known;
    }

    private static JsonObject typed(JsonObject config, JsonObject shape, String path) {
        JsonObject typed = new JsonObject();
        for (String key : config.fieldNames()) {
            String at = path + key;
            Object value = config.getValue(key);
            Object example = shape.getValue(key);
            if (value == null) {
                continue;
            }
            if (example instanceof JsonObject inner) {
                Settings.require(value instanceof JsonObject, at, value, "an object");
                typed.put(key, typed((JsonObject) value, inner, at + "."));
            } else if (example == null) {
                typed.put(key, value); // unknown here: requireKnown decides about those
            } else {
                typed.put(key, convert(at, value, example));
            }
        }
        return typed;
    }

    private static Object convert(String key, Object value, Object example) {
        if (example instanceof Boolean) {
            return bool(key, value);
        }
        if (example instanceof Integer || example instanceof Long) {
            long whole = whole(key, value);
            boolean fits = example instanceof Long || (whole >= Integer.MIN_VALUE && whole <= Integer.MAX_VALUE);
            Settings.require(fits, key, value, "a whole number up to " + Integer.MAX_VALUE);
            return example instanceof Long ? (Object) whole : (Object) (int) whole;
        }
        if (example instanceof Number) {
            return number(key, value);
        }
        if (example instanceof JsonArray) {
            Settings.require(value instanceof JsonArray, key, value, "a list");
            return value;
        }
        Settings.require(!(value instanceof JsonObject) && !(value instanceof JsonArray), key, value, "a text value");
        return value.toString();
    }

    private static boolean bool(String key, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        Settings.require(List.of("true", "false").contains(text), key, value, "true or false");
        return Boolean.parseBoolean(text);
    }

    private static long whole(String key, Object value) {
        BigDecimal number = decimal(key, value, "a whole number");
        try {
            return number.longValueExact();
        } catch (ArithmeticException e) {
            throw new Settings.InvalidSetting(key, value, "a whole number");
        }
    }

    private static double number(String key, Object value) {
        return decimal(key, value, "a number").doubleValue();
    }

    private static BigDecimal decimal(String key, Object value, String expectation) {
        Settings.require(value instanceof Number || value instanceof String, key, value, expectation);
        try {
            return new BigDecimal(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new Settings.InvalidSetting(key, value, expectation);
        }
    }
}
