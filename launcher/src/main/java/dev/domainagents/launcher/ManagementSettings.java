package dev.domainagents.launcher;

import dev.domainagents.core.config.Settings;
import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * The management port ({@code management.*}): {@code /health}, {@code /ready} and {@code /metrics}
 * on a port of their own, whatever the node's agents. {@code enabled} is {@code auto} (on in a
 * cluster, where nodes without the HTTP ingress must still be watched and scraped; off otherwise),
 * {@code true} or {@code false}; {@code --management-port} turns it on. {@code host} empty means
 * {@code cluster.host}: the address this node already gives its cluster traffic (loopback unless
 * the operator chose another), since these routes expose no data and are for the same network.
 */
record ManagementSettings(boolean enabled, String host, int port) {
    static ManagementSettings fromJson(JsonObject config) {
        JsonObject management = config.getJsonObject("management", new JsonObject());
        ClusterSettings cluster = ClusterSettings.fromJson(config.getJsonObject("cluster", new JsonObject()));
        String enabled = management.getValue("enabled", "auto").toString().trim().toLowerCase(Locale.ROOT);
        Settings.require(enabled.equals("auto") || enabled.equals("true") || enabled.equals("false"), "management.enabled",
                enabled, "auto (on in a cluster), true or false");
        int port = management.getInteger("port", 9464);
        Settings.require(port >= 0 && port < 65536, "management.port", port, "a TCP port (0 picks a free one)");
        String host = management.getString("host", "").trim();
        return new ManagementSettings(enabled.equals("auto") ? cluster.enabled() : Boolean.parseBoolean(enabled),
                host.isEmpty() ? cluster.host() : host, port);
    }
}
