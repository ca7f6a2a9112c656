package dev.domainagents.payment.gateway;

import dev.domainagents.core.config.Settings;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * The simulated gateway's behaviour (config {@code payment.gateway}): its latency per call,
 * the share of calls that fail transiently at random, and how long {@code card-slow} keeps
 * its first answer (set it longer than the breaker's call timeout).
 */
public record GatewaySettings(Duration latency, double failureRate, Duration slowAnswer) {

    public GatewaySettings {
        Settings.require(!latency.isNegative(), "payment.gateway.latencyMs", latency.toMillis(), "not negative");
        Settings.require(failureRate >= 0.0 && failureRate <= 1.0, "payment.gateway.failureRate", failureRate, "in [0, 1]");
        Settings.require(slowAnswer.toMillis() >= 1, "payment.gateway.slowAnswerMs", slowAnswer.toMillis(), "positive");
    }

    /** These settings with the latency and failure rate an operator set at runtime. */
    public GatewaySettings with(GatewayConditions conditions) {
        return new GatewaySettings(conditions.latency(), conditions.failureRate(), slowAnswer);
    }

    public static GatewaySettings fromJson(JsonObject config) {
        JsonObject gateway = config.getJsonObject("payment", new JsonObject()).getJsonObject("gateway", new JsonObject());
        return new GatewaySettings(
                Duration.ofMillis(gateway.getLong("latencyMs", 0L)),
                gateway.getDouble("failureRate", 0.0),
                Duration.ofMillis(gateway.getLong("slowAnswerMs", 5_000L)));
    }
}
