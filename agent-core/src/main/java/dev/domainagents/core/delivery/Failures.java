package dev.domainagents.core.delivery;

import io.vertx.core.VertxException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;

/** Classifies failures for the pipeline and carries the reply codes senders act on. */
public final class Failures {
    /** Reply failure code: the receiver gave up and stored the message in the dead letters. */
    public static final int DEAD_LETTERED = 4001;
    /** PostgreSQL's SQLSTATEs for a server shutting down, crashed, or not yet accepting connections. */
    private static final Set<String> SERVER_GOING_OR_COMING = Set.of("57P01", "57P02", "57P03");
    private static final int MAX_CAUSES = 10;

    private Failures() {
    }

    public static boolean isPermanent(Throwable failure) {
        return failure instanceof PermanentFailure;
    }

    /**
     * True when the failure says PostgreSQL could not be reached or dropped the connection (refused,
     * reset, closed, shutting down, starting up, SQLSTATE class 08), somewhere in its causes: nothing
     * is wrong with the message, so it must not count against the message's attempts, nor bury it.
     * A pooled connection the server closed during an outage fails like this on its first use after.
     * A refused or reset connection of an outside call looks the same and is treated the same; its
     * breaker turns a lasting failure into {@link Breakers.DependencyUnavailable}, which counts.
     */
    public static boolean isDatabaseUnavailable(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (cause instanceof SocketException || cause instanceof ClosedConnectionException
                    || cause instanceof ClosedChannelException || isInactiveConnection(cause)) {
                return true;
            }
            if (cause instanceof DatabaseException database && database.getSqlState() != null
                    && (database.getSqlState().startsWith("08") || SERVER_GOING_OR_COMING.contains(database.getSqlState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The SQL client's answer on a connection it already saw closed: a plain VertxException, told
     * apart only by its text (vertx-sql-client's SocketConnectionBase).
     */
    private static boolean isInactiveConnection(Throwable cause) {
        return cause instanceof VertxException && cause.getMessage() != null
                && cause.getMessage().startsWith("Connection is not active now");
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
