package dev.domainagents.core.lease;

import dev.domainagents.core.config.Settings;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * How a node holds its leases (config {@code leases}): how often it checks that its lease
 * connection lives and tries for the leases it waits for, and how long PostgreSQL may take to
 * notice that a node vanished without closing its connection (TCP keepalive on the server's
 * side), which bounds a takeover after a host is lost.
 */
public record LeaseSettings(Duration renewInterval, Duration deadPeerTimeout) {

    public LeaseSettings {
        Settings.require(renewInterval.toMillis() >= 10, "leases.renewIntervalMs", renewInterval.toMillis(), "at least 10");
        Settings.require(deadPeerTimeout.toSeconds() >= 3, "leases.deadPeerTimeoutMs", deadPeerTimeout.toMillis(), "at least 3000");
    }

    public static LeaseSettings fromJson(JsonObject config) {
        JsonObject leases = config.getJsonObject("leases", new JsonObject());
        return new LeaseSettings(Duration.ofMillis(leases.getLong("renewIntervalMs", 2_000L)),
                Duration.ofMillis(leases.getLong("deadPeerTimeoutMs", 8_000L)));
    }
}
