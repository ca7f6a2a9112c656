package dev.domainagents.launcher;

import dev.domainagents.core.agent.DeliverySettings;
import dev.domainagents.core.chaos.ChaosSettings;
import dev.domainagents.core.config.Settings;
import dev.domainagents.core.delivery.BreakerSettings;
import dev.domainagents.core.http.HttpSettings;
import dev.domainagents.core.kafka.KafkaSettings;
import dev.domainagents.core.metrics.OperationsGauges;
import dev.domainagents.core.outbox.OutboxSettings;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * A node's configuration, read into records and checked once, before anything starts, so
 * that a bad value stops the launch naming its key rather than half-way through it. Keeps
 * the whole JSON too: agent modules read their own sections from the runtime's config.
 */
record LaunchSettings(DatabaseSettings database, HttpSettings http, KafkaSettings kafka, Map<String, Integer> instances,
                      int eventLoops, ClusterSettings cluster, ChaosSettings chaos, JsonObject json) {
    /** The example profiles' admin token, refused so that no deployment runs with a published secret. */
    static final String TOKEN_PLACEHOLDER = "change-me";

    LaunchSettings {
        instances = Map.copyOf(instances);
    }

    static LaunchSettings from(JsonObject config) {
        String token = section(config, "admin").getString("token", "");
        Settings.require(!TOKEN_PLACEHOLDER.equals(token.trim()), "admin.token", TOKEN_PLACEHOLDER,
                "a secret of your own, not the example's placeholder (set DOMAIN_AGENTS_ADMIN__TOKEN)");
        OutboxSettings.fromJson(section(config, "outbox"));
        BreakerSettings.fromJson(section(config, "breaker"));
        DeliverySettings.fromJson(config);
        ManagementSettings.fromJson(config);
        OperationsGauges.intervalFrom(config);
        ClusterSettings cluster = ClusterSettings.fromJson(section(config, "cluster"));
        Settings.require(!cluster.enabled() || !token.isBlank(), "admin.token", "",
                "a token on a cluster node (cluster.enabled): admin operations reach every node of the cluster, "
                        + "so none runs without one (set DOMAIN_AGENTS_ADMIN__TOKEN)");
        return new LaunchSettings(DatabaseSettings.fromJson(section(config, "db")), HttpSettings.fromJson(config),
                KafkaSettings.fromJson(config), instances(section(config, "agents")), eventLoops(section(config, "node")),
                cluster, ChaosSettings.fromJson(config), config);
    }

    /** Never print the admin token or the database password: the JSON, which holds both, is left out. */
    @Override
    public String toString() {
        return "LaunchSettings[database=" + database + ", http=" + http + ", kafka=" + kafka + ", instances=" + instances
                + ", eventLoops=" + eventLoops + ", cluster=" + cluster + ", chaos=" + chaos + "]";
    }

    /** Verticle instances of each agent of {@code module} (default 1). */
    int instancesOf(String module) {
        return instances.getOrDefault(module, 1);
    }

    private static Map<String, Integer> instances(JsonObject agents) {
        Map<String, Integer> instances = new HashMap<>();
        for (String name : agents.fieldNames()) {
            Integer count = agents.getJsonObject(name).getInteger("instances");
            if (count != null) {
                Settings.require(count >= 1, "agents." + name + ".instances", count, "at least 1");
                instances.put(name, count);
            }
        }
        return instances;
    }

    /**
     * Event loops of the node's Vert.x; 0 (the default) means one per two cores. Measured on 2
     * cores with PostgreSQL on the same machine: every hop between loops costs a thread wake-up,
     * and PostgreSQL wants a core of its own, so fewer loops served more orders (see README).
     */
    private static int eventLoops(JsonObject node) {
        int configured = node.getInteger("eventLoops", 0);
        Settings.require(configured >= 0 && configured <= 1024, "node.eventLoops", configured, "0 (one per two cores) to 1024");
        return configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    private static JsonObject section(JsonObject config, String name) {
        return config.getJsonObject(name, new JsonObject());
    }
}
