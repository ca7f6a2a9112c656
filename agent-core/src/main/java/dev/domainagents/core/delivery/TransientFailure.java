package dev.domainagents.core.delivery;

import java.time.Duration;

/**
 * A failure that may pass: a version conflict, an unavailable dependency, a timeout.
 * The pipeline retries it per the agent's {@link RetryPolicy}. Any exception that is not a
 * {@link PermanentFailure} is treated as transient.
 */
public class TransientFailure extends RuntimeException {
    public TransientFailure(String message) {
        super(message);
    }

    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** How long a retry is pointless (e.g. while a breaker stays open); zero when it may come at once. */
    public Duration retryAfter() {
        return Duration.ZERO;
    }
}
