package dev.domainagents.core.outbox;

import dev.domainagents.core.config.Settings;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * Outbox relay tuning. A command not acknowledged within {@code resendAfter} is resent, then
 * with doubling delays up to {@code maxResendDelay}, until the receiver acknowledges it.
 */
public record OutboxSettings(Duration ackTimeout, Duration resendAfter, Duration maxResendDelay,
                             Duration pollInterval, Duration ackFlushInterval, int batchSize) {

    public OutboxSettings {
        Settings.require(ackTimeout.toMillis() >= 1, "outbox.ackTimeoutMs", ackTimeout.toMillis(), "positive");
        Settings.require(resendAfter.toMillis() >= 1, "outbox.resendAfterMs", resendAfter.toMillis(), "positive");
        Settings.require(maxResendDelay.compareTo(resendAfter) >= 0, "outbox.maxResendDelayMs",
                maxResendDelay.toMillis(), "at least outbox.resendAfterMs");
        Settings.require(pollInterval.toMillis() >= 1, "outbox.pollIntervalMs", pollInterval.toMillis(), "positive");
        Settings.require(ackFlushInterval.toMillis() >= 1, "outbox.ackFlushIntervalMs", ackFlushInterval.toMillis(), "positive");
        Settings.require(batchSize >= 1, "outbox.batchSize", batchSize, "at least 1");
    }

    public static OutboxSettings fromJson(JsonObject json) {
        return new OutboxSettings(
                Duration.ofMillis(json.getLong("ackTimeoutMs", 30_000L)),
                Duration.ofMillis(json.getLong("resendAfterMs", 1_000L)),
                Duration.ofMillis(json.getLong("maxResendDelayMs", 30_000L)),
                Duration.ofMillis(json.getLong("pollIntervalMs", 250L)),
                Duration.ofMillis(json.getLong("ackFlushIntervalMs", 10L)),
                json.getInteger("batchSize", 200));
    }
}
