package dev.domainagents.core.delivery;

import dev.domainagents.core.config.Settings;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * Circuit breaker tuning (config {@code breaker}): the failed share of the last
 * {@code windowCalls} calls, at least {@code minimumCalls} of them, that opens it; the time a
 * call may take; how long it stays open before a trial call. See {@link Breaker}.
 */
public record BreakerSettings(double failureRate, int minimumCalls, int windowCalls, Duration callTimeout,
                              Duration resetTimeout) {

    public BreakerSettings {
        Settings.require(failureRate > 0.0 && failureRate <= 1.0, "breaker.failureRate", failureRate, "in (0, 1]");
        Settings.require(minimumCalls >= 1, "breaker.minimumCalls", minimumCalls, "at least 1");
        Settings.require(windowCalls >= minimumCalls, "breaker.windowCalls", windowCalls, "at least breaker.minimumCalls");
        Settings.require(callTimeout.toMillis() >= 1, "breaker.callTimeoutMs", callTimeout.toMillis(), "positive");
        Settings.require(resetTimeout.toMillis() >= 1, "breaker.resetTimeoutMs", resetTimeout.toMillis(), "positive");
    }

    public static BreakerSettings fromJson(JsonObject json) {
        return new BreakerSettings(
                json.getDouble("failureRate", 0.5),
                json.getInteger("minimumCalls", 20),
                json.getInteger("windowCalls", 100),
                Duration.ofMillis(json.getLong("callTimeoutMs", 2_000L)),
                Duration.ofMillis(json.getLong("resetTimeoutMs", 5_000L)));
    }
}
