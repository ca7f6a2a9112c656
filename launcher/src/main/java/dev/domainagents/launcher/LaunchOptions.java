package dev.domainagents.launcher;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the command line asked for: the agents to deploy ({@code http} and agent module
 * names), a configuration layered over the defaults (a file, or {@code classpath:...}), an
 * HTTP port overriding {@code http.port}, the data directory of the embedded services,
 * whether to start an embedded Kafka broker (overriding {@code kafka.embedded}), the
 * cluster flags overriding {@code cluster.*}, a management port (overriding {@code management.port}
 * and turning it on), and whether a failed start prints its stack trace ({@code --verbose}).
 */
public record LaunchOptions(List<String> agents, Optional<String> config, Optional<Integer> httpPort, Path dataDir,
                            boolean kafkaEmbedded, ClusterFlags cluster, Optional<Integer> managementPort, boolean verbose) {
    public static final String HTTP = "http";

    /**
     * {@code --cluster} (sets {@code cluster.enabled}; absent, the configuration decides),
     * {@code --cluster-host}, {@code --cluster-port}, {@code --cluster-members}.
     */
    public record ClusterFlags(boolean join, Optional<String> host, Optional<Integer> port, Optional<String> members) {
        public static final ClusterFlags NONE = new ClusterFlags(false, Optional.empty(), Optional.empty(), Optional.empty());

        JsonObject configOverrides() {
            JsonObject overrides = new JsonObject();
            if (join) {
                overrides.put("enabled", true);
            }
            host.ifPresent(value -> overrides.put("host", value));
            port.ifPresent(value -> overrides.put("port", value));
            members.ifPresent(value -> overrides.put("members", value));
            return overrides;
        }
    }

    public LaunchOptions {
        agents = List.copyOf(agents);
    }

    /** Without the embedded Kafka flag; a node that joins no cluster unless its configuration says so. */
    public LaunchOptions(List<String> agents, Optional<String> config, Optional<Integer> httpPort, Path dataDir) {
        this(agents, config, httpPort, dataDir, false);
    }

    /** Without a management port flag, quiet about a failed start. */
    public LaunchOptions(List<String> agents, Optional<String> config, Optional<Integer> httpPort, Path dataDir,
                         boolean kafkaEmbedded, ClusterFlags cluster) {
        this(agents, config, httpPort, dataDir, kafkaEmbedded, cluster, Optional.empty(), false);
    }

    /** A node that joins no cluster unless its configuration says so. */
    public LaunchOptions(List<String> agents, Optional<String> config, Optional<Integer> httpPort, Path dataDir,
                         boolean kafkaEmbedded) {
        this(agents, config, httpPort, dataDir, kafkaEmbedded, ClusterFlags.NONE);
    }

    public boolean wants(String agent) {
        return agents.contains(agent);
    }

    /** The flags that override configuration keys, as the top configuration layer. */
    JsonObject configOverrides() {
        JsonObject overrides = new JsonObject();
        httpPort.ifPresent(port -> overrides.put("http", new JsonObject().put("port", port)));
        if (kafkaEmbedded) {
            overrides.put("kafka", new JsonObject().put("embedded", true));
        }
        JsonObject cluster = this.cluster.configOverrides();
        if (!cluster.isEmpty()) {
            overrides.put("cluster", cluster);
        }
        managementPort.ifPresent(port -> overrides.put("management", new JsonObject().put("enabled", "true").put("port", port)));
        return overrides;
    }
}
