package dev.domainagents.core.delivery;

/**
 * A failure no retry can mend: bad data, a programming error. The pipeline sends the
 * message to the dead letters at once.
 */
public class PermanentFailure extends RuntimeException {
    public PermanentFailure(String message) {
        super(message);
    }

    public PermanentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
