package dev.domainagents.core.agent;

import dev.domainagents.core.config.Settings;
import dev.domainagents.core.delivery.Batching;
import dev.domainagents.core.delivery.RetryPolicy;
import dev.domainagents.core.store.SubscriptionSettings;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Retry policy and command batching per agent (the {@code delivery.retry} and
 * {@code delivery.batching} defaults, overridden by {@code agents.<name>.retry} and
 * {@code agents.<name>.batching}), subscription tuning and the segments of each agent's
 * subscription ({@code agents.<name>.segments}). Read and validated once at start-up.
 */
public record DeliverySettings(RetryPolicy defaultRetry, Map<String, RetryPolicy> retryByAgent,
                               Batching defaultBatching, Map<String, Batching> batchingByAgent,
                               SubscriptionSettings subscriptions, Map<String, Integer> segmentsByAgent) {

    public static DeliverySettings fromJson(JsonObject config) {
        JsonObject agents = config.getJsonObject("agents", new JsonObject());
        Map<String, RetryPolicy> overrides = agents.fieldNames().stream()
                .filter(agent -> agents.getJsonObject(agent).containsKey("retry"))
                .collect(Collectors.toMap(agent -> agent,
                        agent -> Settings.within("agents." + agent + ".retry",
                                () -> RetryPolicy.fromJson(agents.getJsonObject(agent).getJsonObject("retry")))));
        Map<String, Batching> batchingOverrides = agents.fieldNames().stream()
                .filter(agent -> agents.getJsonObject(agent).containsKey("batching"))
                .collect(Collectors.toMap(agent -> agent,
                        agent -> Settings.within("agents." + agent + ".batching",
                                () -> Batching.fromJson(agents.getJsonObject(agent).getJsonObject("batching")))));
        Map<String, Integer> segments = agents.fieldNames().stream()
                .filter(agent -> agents.getJsonObject(agent).containsKey("segments"))
                .collect(Collectors.toMap(agent -> agent, agent -> {
                    int count = agents.getJsonObject(agent).getInteger("segments");
                    Settings.require(count >= 1 && count <= 256, "agents." + agent + ".segments", count, "in [1, 256]");
                    return count;
                }));
        JsonObject delivery = config.getJsonObject("delivery", new JsonObject());
        return new DeliverySettings(
                Settings.within("delivery.retry", () -> RetryPolicy.fromJson(delivery.getJsonObject("retry", new JsonObject()))),
                Map.copyOf(overrides),
                Settings.within("delivery.batching", () -> Batching.fromJson(delivery.getJsonObject("batching", new JsonObject()))),
                Map.copyOf(batchingOverrides),
                SubscriptionSettings.fromJson(config.getJsonObject("subscriptions", new JsonObject())),
                Map.copyOf(segments));
    }

    public Batching batchingFor(String agent) {
        return batchingByAgent.getOrDefault(agent, defaultBatching);
    }

    /** How many segments the agent's subscription is split into ({@code agents.<name>.segments}, default 1). */
    public int segmentsFor(String agent) {
        return segmentsByAgent.getOrDefault(agent, 1);
    }

    public RetryPolicy retryFor(String agent) {
        return retryByAgent.getOrDefault(agent, defaultRetry);
    }
}
