package dev.domainagents.core.delivery;

import dev.domainagents.core.config.Settings;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a failing message is retried: exponential backoff from
 * {@code initialDelay}, multiplied each attempt, capped at {@code maxDelay}, with a random
 * jitter of +-{@code jitter} (a fraction) so that retries of many messages do not align.
 * {@code maxAttempts} counts the first delivery too.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier, double jitter) {

    public RetryPolicy {
        Settings.require(maxAttempts >= 1, "maxAttempts", maxAttempts, "at least 1");
        Settings.require(!initialDelay.isNegative() && !initialDelay.isZero(), "initialDelayMs", initialDelay.toMillis(), "positive");
        Settings.require(maxDelay.compareTo(initialDelay) >= 0, "maxDelayMs", maxDelay.toMillis(), "at least initialDelayMs");
        Settings.require(multiplier >= 1.0, "multiplier", multiplier, "at least 1.0");
        Settings.require(jitter >= 0.0 && jitter < 1.0, "jitter", jitter, "in [0, 1)");
    }

    public static RetryPolicy fromJson(JsonObject json) {
        return new RetryPolicy(
                json.getInteger("maxAttempts", 5),
                Duration.ofMillis(json.getLong("initialDelayMs", 100L)),
                Duration.ofMillis(json.getLong("maxDelayMs", 5_000L)),
                json.getDouble("multiplier", 2.0),
                json.getDouble("jitter", 0.2));
    }

    /** The wait before attempt {@code attempt + 1}, after attempt {@code attempt} (1-based) failed. */
    public Duration delayAfter(int attempt) {
        double base = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        double capped = Math.min(base, maxDelay.toMillis());
        double spread = capped * jitter * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
        return Duration.ofMillis(Math.max(1, Math.round(capped + spread)));
    }

    /** {@link #delayAfter}, but no sooner than the failure says a retry could succeed ({@link TransientFailure#retryAfter}). */
    public Duration delayAfter(int attempt, Throwable failure) {
        Duration backoff = delayAfter(attempt);
        Duration notBefore = failure instanceof TransientFailure transientFailure ? transientFailure.retryAfter() : Duration.ZERO;
        return notBefore.compareTo(backoff) > 0 ? notBefore : backoff;
    }

    public boolean hasAttemptAfter(int attempt) {
        return attempt < maxAttempts;
    }
}
