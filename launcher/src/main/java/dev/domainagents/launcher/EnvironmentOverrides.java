package dev.domainagents.launcher;

import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Map;

/**
 * Maps environment variables onto configuration keys, since variable names cannot hold the
 * dots and camel case of the keys (vertx-config's own env store cannot nest): prefix
 * {@code DOMAIN_AGENTS_}, {@code __} between levels, {@code _} between the words of a key.
 * {@code DOMAIN_AGENTS_DB__POOL_SIZE=32} sets {@code db.poolSize},
 * {@code DOMAIN_AGENTS_AGENTS__PAYMENT__RETRY__MAX_ATTEMPTS=8} sets
 * {@code agents.payment.retry.maxAttempts}. Values stay text; {@link ConfigSchema} gives them
 * the type of their default.
 */
final class EnvironmentOverrides {
    static final String PREFIX = "DOMAIN_AGENTS_";

    private EnvironmentOverrides() {
    }

    static JsonObject from(Map<String, String> environment) {
        JsonObject overrides = new JsonObject();
        environment.forEach((name, value) -> {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
                put(overrides, name.substring(PREFIX.length()).split("__"), value);
            }
        });
        return overrides;
    }

    private static void put(JsonObject target, String[] path, String value) {
        JsonObject level = target;
        for (int i = 0; i < path.length - 1; i++) {
            String key = camelCase(path[i]);
            if (!(level.getValue(key) instanceof JsonObject)) {
                level.put(key, new JsonObject());
            }
            level = level.getJsonObject(key);
        }
        level.put(camelCase(path[path.length - 1]), value);
    }

    static String camelCase(String words) {
        String[] parts = words.toLowerCase(Locale.ROOT).split("_");
        StringBuilder key = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].isEmpty()) {
                key.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
            }
        }
        return key.toString();
    }
}
