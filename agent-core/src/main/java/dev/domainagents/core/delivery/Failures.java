package dev.domainagents.core.delivery;

import io.vertx.core.eventbus.ReplyException;

/** Classifies failures for the pipeline and carries the reply codes senders act on. */
public final class Failures {
    /** Reply failure code: the receiver gave up and stored the message in the dead letters. */
    public static final int DEAD_LETTERED = 4001;

    private Failures() {
    }

    public static boolean isPermanent(Throwable failure) {
        return failure instanceof PermanentFailure;
    }

    /** True when the receiver replied that it dead-lettered the message, so resending is pointless. */
    public static boolean isDeadLettered(Throwable failure) {
        return failure instanceof ReplyException reply && reply.failureCode() == DEAD_LETTERED;
    }

    /** The text stored with a dead letter: the failure's type and message, and its cause's. */
    public static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(failure.getClass().getName()).append(": ").append(failure.getMessage());
        Throwable cause = failure.getCause();
        if (cause != null && cause != failure) {
            text.append(" (caused by ").append(cause.getClass().getName()).append(": ").append(cause.getMessage()).append(')');
        }
        return text.toString();
    }
}
