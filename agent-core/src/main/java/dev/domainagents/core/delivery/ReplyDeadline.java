package dev.domainagents.core.delivery;

import java.time.Duration;
import java.util.Optional;

/**
 * How long the sender of a command waits for its reply, for a sender that retries by itself
 * (the HTTP ingress: the client is the retry). Past it, handling the command would store work
 * whose sender was already told it failed, so the pipeline neither starts an attempt nor retries
 * after it, and never dead-letters such a command. It travels as a delivery header in
 * milliseconds, relative, so the nodes' clocks need not agree; the receiver counts it from arrival.
 */
public record ReplyDeadline(long atNanos) {
    /** Delivery header: milliseconds the sender still waits for the reply. */
    public static final String HEADER = "reply-within-ms";

    /** A deadline {@code within} from now. */
    public static ReplyDeadline within(Duration within) {
        return new ReplyDeadline(System.nanoTime() + within.toNanos());
    }

    /** The deadline a delivery header names, counted from now; empty without one (or a bad one). */
    public static Optional<ReplyDeadline> fromHeader(String millis) {
        if (millis == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(within(Duration.ofMillis(Long.parseLong(millis))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean passed() {
        return System.nanoTime() - atNanos >= 0;
    }

    /** Whether something started after {@code wait} would still start before the deadline. */
    public boolean leavesTimeAfter(Duration wait) {
        return atNanos - (System.nanoTime() + wait.toNanos()) > 0;
    }
}
