package dev.domainagents.launcher;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the command line asked for: the agents to deploy ({@code http} and agent module
 * names), a configuration layered over the defaults (a file, or {@code classpath:...}), an
 * HTTP port overriding {@code http.port}, the data directory of the embedded services, and
 * whether to start an embedded Kafka broker (overriding {@code kafka.embedded}).
 */
public record LaunchOptions(List<String> agents, Optional<String> config, Optional<Integer> httpPort, Path dataDir,
                            boolean kafkaEmbedded) {
    public static final String HTTP = "http";

    public LaunchOptions {
        agents = List.copyOf(agents);
    }

    /** Without the embedded Kafka flag. */
    public LaunchOptions(List<String> agents, Optional<String> config, Optional<Integer> httpPort, Path dataDir) {
        this(agents, config, httpPort, dataDir, false);
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
        return overrides;
    }
}
