package dev.domainagents.core.http;

import dev.domainagents.core.config.Settings;
import io.vertx.core.json.JsonObject;

/**
 * The HTTP ingress: where it listens, the largest body it reads, how many commands (requests
 * that change something) it works on at once before it answers 503, and the admin bearer
 * token (none: open).
 */
public record HttpSettings(String host, int port, long bodyLimitBytes, int maxCommandsInFlight, String adminToken) {

    public HttpSettings {
        Settings.require(port >= 0 && port < 65536, "http.port", port, "a TCP port (0 picks a free one)");
        Settings.require(bodyLimitBytes >= 1, "http.bodyLimitBytes", bodyLimitBytes, "positive");
        Settings.require(maxCommandsInFlight >= 1, "http.maxCommandsInFlight", maxCommandsInFlight, "at least 1");
    }

    public static HttpSettings fromJson(JsonObject config) {
        JsonObject http = config.getJsonObject("http", new JsonObject());
        String token = config.getJsonObject("admin", new JsonObject()).getString("token");
        return new HttpSettings(http.getString("host", "0.0.0.0"), http.getInteger("port", 8080),
                http.getLong("bodyLimitBytes", 64L * 1024), http.getInteger("maxCommandsInFlight", 1024),
                token == null || token.isBlank() ? null : token);
    }

    /** Never print the token. */
    @Override
    public String toString() {
        return "HttpSettings[host=" + host + ", port=" + port + ", bodyLimitBytes=" + bodyLimitBytes + ", maxCommandsInFlight=" + maxCommandsInFlight
                + ", adminToken=" + (adminToken == null ? "none" : "***") + "]";
    }
}
