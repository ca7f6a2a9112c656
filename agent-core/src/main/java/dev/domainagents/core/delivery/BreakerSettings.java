package dev.domainagents.core.delivery;

import dev.domainagents.core.config.Settings;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/** Circuit breaker tuning: failures before opening, per-call timeout, time open before a trial call. */
public record BreakerSettings(int maxFailures, Duration callTimeout, Duration resetTimeout) {

    public BreakerSettings {
        Settings.require(maxFailures >= 1, "breaker.maxFailures", maxFailures, "at least 1");
        Settings.require(callTimeout.toMillis() >= 1, "breaker.callTimeoutMs", callTimeout.toMillis(), "positive");
        Settings.require(resetTimeout.toMillis() >= 1, "breaker.resetTimeoutMs", resetTimeout.toMillis(), "positive");
    }

    public static BreakerSettings fromJson(JsonObject json) {
        return new BreakerSettings(
                json.getInteger("maxFailures", 5),
                Duration.ofMillis(json.getLong("callTimeoutMs", 2_000L)),
                Duration.ofMillis(json.getLong("resetTimeoutMs", 5_000L)));
    }
}
