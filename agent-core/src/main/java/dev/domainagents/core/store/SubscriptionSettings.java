package dev.domainagents.core.store;

import dev.domainagents.core.config.Settings;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/** How many events a subscription handles per transaction, and how often it polls without a hint. */
public record SubscriptionSettings(int batchSize, Duration pollInterval) {

    public SubscriptionSettings {
        Settings.require(batchSize >= 1, "subscriptions.batchSize", batchSize, "at least 1");
        Settings.require(pollInterval.toMillis() >= 1, "subscriptions.pollIntervalMs", pollInterval.toMillis(), "positive");
    }

    public static SubscriptionSettings fromJson(JsonObject json) {
        return new SubscriptionSettings(json.getInteger("batchSize", 200),
                Duration.ofMillis(json.getLong("pollIntervalMs", 500L)));
    }
}
