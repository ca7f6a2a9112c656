package dev.domainagents.core.http;

import dev.domainagents.core.config.Settings;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * The HTTP ingress: where it listens, the largest body it reads, how many commands (requests
 * that change something) it works on at once before it answers 503, the admin bearer token,
 * and the bounds of long-lived connections ({@link Connections}).
 *
 * <p>Without a token the admin routes take no credentials, so the ingress may then listen on a
 * loopback address only ({@code 127.0.0.1}, {@code ::1}, {@code localhost}): any other
 * {@code host}, a wildcard or a name included, is refused here, naming {@code admin.token}.
 */
public record HttpSettings(String host, int port, long bodyLimitBytes, int maxCommandsInFlight, String adminToken,
                           Connections connections) {

    public HttpSettings {
        Settings.require(port >= 0 && port < 65536, "http.port", port, "a TCP port (0 picks a free one)");
        Settings.require(bodyLimitBytes >= 1, "http.bodyLimitBytes", bodyLimitBytes, "positive");
        Settings.require(maxCommandsInFlight >= 1, "http.maxCommandsInFlight", maxCommandsInFlight, "at least 1");
        Settings.require(adminToken != null || Loopback.is(host), "admin.token", "",
                "a token when http.host (" + host + ") is not a loopback address: without one the admin routes and "
                        + "PUT /stock are open, so they are served on 127.0.0.1 only (set DOMAIN_AGENTS_ADMIN__TOKEN, "
                        + "or http.host=127.0.0.1)");
    }

    /** Settings with the default {@link Connections} bounds. */
    public HttpSettings(String host, int port, long bodyLimitBytes, int maxCommandsInFlight, String adminToken) {
        this(host, port, bodyLimitBytes, maxCommandsInFlight, adminToken, Connections.DEFAULTS);
    }

    public static HttpSettings fromJson(JsonObject config) {
        JsonObject http = config.getJsonObject("http", new JsonObject());
        String token = config.getJsonObject("admin", new JsonObject()).getString("token");
        return new HttpSettings(http.getString("host", "127.0.0.1"), http.getInteger("port", 8080),
                http.getLong("bodyLimitBytes", 64L * 1024), http.getInteger("maxCommandsInFlight", 1024),
                token == null || token.isBlank() ? null : token, Connections.fromJson(http));
    }

    /** What the start's log says about admin access: never the token itself. */
    public String adminAccess() {
        return adminToken == null ? "loopback-only (no admin.token)" : "bearer-token";
    }

    /** Never print the token. */
    @Override
    public String toString() {
        return "HttpSettings[host=" + host + ", port=" + port + ", bodyLimitBytes=" + bodyLimitBytes + ", maxCommandsInFlight=" + maxCommandsInFlight
                + ", adminToken=" + (adminToken == null ? "none" : "***") + ", connections=" + connections + "]";
    }

    /**
     * Bounds of long-lived connections: a connection that sends and receives nothing for
     * {@code idleTimeout} is closed; at most {@code maxEventStreams} Server-Sent Events streams
     * are open on the node at once (one more is answered {@code 503 too_many_streams}); a stream
     * ends after {@code eventStreamMaxAge} with a last {@code event: end}.
     */
    public record Connections(Duration idleTimeout, int maxEventStreams, Duration eventStreamMaxAge) {
        public static final Connections DEFAULTS = new Connections(Duration.ofSeconds(60), 1000, Duration.ofHours(1));

        public Connections {
            Settings.require(idleTimeout.toMillis() >= 1000, "http.idleTimeoutMs", idleTimeout.toMillis(), "at least 1000");
            Settings.require(maxEventStreams >= 1, "http.sse.maxStreams", maxEventStreams, "at least 1");
            Settings.require(eventStreamMaxAge.toMillis() >= 100, "http.sse.maxAgeMs", eventStreamMaxAge.toMillis(), "at least 100");
        }

        static Connections fromJson(JsonObject http) {
            JsonObject sse = http.getJsonObject("sse", new JsonObject());
            return new Connections(Duration.ofMillis(http.getLong("idleTimeoutMs", DEFAULTS.idleTimeout.toMillis())),
                    sse.getInteger("maxStreams", DEFAULTS.maxEventStreams),
                    Duration.ofMillis(sse.getLong("maxAgeMs", DEFAULTS.eventStreamMaxAge.toMillis())));
        }
    }
}
