package dev.domainagents.core.delivery;

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
}
