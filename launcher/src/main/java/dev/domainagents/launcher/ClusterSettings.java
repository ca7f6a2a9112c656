package dev.domainagents.launcher;

import dev.domainagents.core.config.Settings;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether and how a node joins a cluster ({@code cluster.*}): with {@code enabled} its
 * Vert.x event bus is clustered through Hazelcast, listening on {@code host} (the Hazelcast
 * member on {@code port}, the event bus on a free port) and finding the other nodes only in
 * {@code members}, a comma-separated {@code host:port} list of Hazelcast member addresses.
 * A node may name itself among the members, so that every node can share one list.
 */
record ClusterSettings(boolean enabled, String host, int port, List<Member> members) {
    /** A Hazelcast member address from {@code cluster.members}. */
    record Member(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    ClusterSettings {
        members = List.copyOf(members);
    }

    static ClusterSettings fromJson(JsonObject cluster) {
        boolean enabled = cluster.getBoolean("enabled", false);
        String host = cluster.getString("host", "127.0.0.1").trim();
        Settings.require(!host.isEmpty(), "cluster.host", host, "the address this node's cluster traffic uses");
        int port = cluster.getInteger("port", 5701);
        Settings.require(port >= 1 && port < 65536, "cluster.port", port, "a TCP port");
        return new ClusterSettings(enabled, host, port, members(cluster.getString("members", "")));
    }

    /** Parses {@code host:port,host:port}; fails naming {@code cluster.members} on anything else. */
    static List<Member> members(String list) {
        List<Member> members = new ArrayList<>();
        for (String entry : list.split(",")) {
            String address = entry.trim();
            if (address.isEmpty()) {
                continue;
            }
            int colon = address.lastIndexOf(':');
            Settings.require(colon > 0 && colon < address.length() - 1, "cluster.members", list,
                    "host:port addresses separated by commas, e.g. 127.0.0.1:5701,127.0.0.1:5702");
            int port = parsePort(address.substring(colon + 1));
            Settings.require(port >= 1 && port < 65536, "cluster.members", list, "host:port addresses with TCP ports");
            members.add(new Member(address.substring(0, colon), port));
        }
        return members;
    }

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
