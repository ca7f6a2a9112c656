package dev.domainagents.payment.gateway;

import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * What an operator may change in the simulated gateway while it runs: the latency of every
 * call and the share of calls that fail transiently (1.0: an outage). On the bus and over
 * HTTP as {@code {"failureRate": 1.0, "latencyMs": 0}}.
 */
public record GatewayConditions(double failureRate, Duration latency) {
    /** The longest latency an operator may set; far beyond any breaker's call timeout. */
    public static final long MAX_LATENCY_MS = 60_000;

    public GatewayConditions {
        if (!(failureRate >= 0.0 && failureRate <= 1.0) || latency.isNegative() || latency.toMillis() > MAX_LATENCY_MS) {
            throw new IllegalArgumentException("failureRate must be in [0, 1] and latency 0-" + MAX_LATENCY_MS + " ms");
        }
    }

    public static GatewayConditions fromJson(JsonObject json) {
        return new GatewayConditions(json.getDouble("failureRate"), Duration.ofMillis(json.getLong("latencyMs")));
    }

    public JsonObject toJson() {
        return new JsonObject().put("failureRate", failureRate).put("latencyMs", latency.toMillis());
    }
}
