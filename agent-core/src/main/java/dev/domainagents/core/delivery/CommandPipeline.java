package dev.domainagents.core.delivery;

import dev.domainagents.core.async.Futures;
import dev.domainagents.core.async.LoopHealth;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.store.SharedTransactions;
import dev.domainagents.core.store.StreamVersionConflict;
import dev.domainagents.core.store.Tx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Delivers commands to one agent's handlers, the same way for every agent.
 *
 * <ul>
 *   <li>Inbox: the handler's work and the inbox entry (with the reply) commit in one
 *       transaction; a message already handled is answered with its stored reply. Under
 *       load, commands share transactions ({@link Batching}, {@link SharedTransactions}),
 *       each still all or nothing.</li>
 *   <li>Order: commands that share an ordering key (by default their aggregate id; a
 *       command touching several aggregates names them all) are handled one at a time, in
 *       arrival order, so they do not race each other into version conflicts.</li>
 *   <li>Retry: a transient failure is retried with the agent's backoff; a permanent one, or
 *       one past the last attempt, is stored in the dead letters and answered with
 *       {@link Failures#DEAD_LETTERED}; its sender learns of it from the {@link CommandDeadLettered}
 *       event the burial appends. Two exceptions, whose sender sends again by itself:
 *       a command the database could not take ({@link Failures#isDatabaseUnavailable}) is
 *       answered as failed, never buried, for its sender to resend once the database is back;
 *       a command with a {@link ReplyDeadline} is not tried past it and never buried. A
 *       {@link StreamVersionConflict} costs no attempt: another handler of the aggregate (an
 *       instance on another node, say) wrote first, which is progress, not a fault; the command
 *       is tried again after a short random pause.</li>
 *   <li>Outside calls: a command's calls to the outside world ({@link Handling#outside}) are made
 *       with no transaction open, before its transaction, so a slow dependency holds no
 *       connection and no subscription back, and a transaction run again does not repeat them.</li>
 *   <li>A copy that arrives while the original is still being handled waits for its result.</li>
 * </ul>
 * Not thread-safe: use it from its agent's context only.
 */
public final class CommandPipeline {
    /** Version conflicts retried in a row before one counts as an attempt: a safety net, never reached by mere contention. */
    private static final int MAX_CONFLICTS_IN_A_ROW = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(CommandPipeline.class);

    /**
     * How a command is handled. {@code outside}, when present, runs first with no transaction
     * open, and only for a command not yet handled: the command's calls to the outside world.
     * Its answer goes to {@code inTransaction}, which runs in the command's (perhaps shared)
     * transaction and answers the reply record (or null). An attempt makes its outside calls
     * once: a transaction run again because a neighbour in it failed reuses their answer; a
     * retry (a new attempt) makes them again.
     */
    public record Handling(Optional<Function<Envelope, Future<Object>>> outside, InTransaction inTransaction) {
        /** A command handled wholly in its transaction. */
        public static Handling inTransaction(BiFunction<Envelope, Tx, Future<Object>> handler) {
            return new Handling(Optional.empty(), (command, answer, tx) -> handler.apply(command, tx));
        }

        /** A command that asks the outside world first, then records the answer in its transaction. */
        public static Handling outsideFirst(Function<Envelope, Future<Object>> outside, InTransaction inTransaction) {
            return new Handling(Optional.of(outside), inTransaction);
        }
    }

    /** The transactional part of a {@link Handling}, given what its outside part answered (null without one). */
    @FunctionalInterface
    public interface InTransaction {
        Future<Object> handle(Envelope command, Object outsideAnswer, Tx tx);
    }

    /** Notified of each outcome, for metrics. */
    public interface Listener {
        void retried(Envelope command);

        void deadLettered(Envelope command);

        /** {@code command} was delivered again: answered with its stored reply, or joined to its handling in progress. */
        void duplicate(Envelope command);
    }

    private final Vertx vertx;
    private final String consumer;
    private final Pool pool;
    private final SharedTransactions transactions;
    private final Inbox inbox;
    private final DeadLetters deadLetters;
    private final RetryPolicy retry;
    private final Listener listener;
    private final Map<String, Future<?>> lastOfKey = new HashMap<>();
    private final Map<UUID, Future<Reply>> inFlight = new HashMap<>();
    /** When each command in hand first failed: its dead letter's {@code firstFailureAt}. */
    private final Map<UUID, Instant> firstFailures = new HashMap<>();
    private final LoopHealth database;

    public CommandPipeline(Vertx vertx, String consumer, Pool pool, Batching batching, Inbox inbox, DeadLetters deadLetters,
                           RetryPolicy retry, Listener listener) {
        this.vertx = vertx;
        this.consumer = consumer;
        this.pool = pool;
        this.transactions = new SharedTransactions(pool, batching);
        this.inbox = inbox;
        this.deadLetters = deadLetters;
        this.retry = retry;
        this.listener = listener;
        this.database = new LoopHealth(LOG, "commands:" + consumer);
    }

    /**
     * Delivers a command that arrived at {@code address}, after the commands before it that
     * share one of its {@code orderingKeys}; fails with a {@link DeadLetteredException} if given up
     * and buried. A command with a {@code deadline} is handled only before it (see {@link ReplyDeadline}).
     */
    public Future<Reply> deliver(String address, Envelope command, List<String> orderingKeys,
                                 Optional<ReplyDeadline> deadline, Handling handling) {
        Future<Reply> running = inFlight.get(command.messageId());
        if (running != null) {
            listener.duplicate(command);
            return running;
        }
        Future<Reply> result = afterPreviousOf(orderingKeys, () -> attempt(address, command, 1, 0, deadline, handling));
        inFlight.put(command.messageId(), result);
        result.onComplete(done -> {
            inFlight.remove(command.messageId());
            firstFailures.remove(command.messageId());
            if (done.succeeded() && done.result().duplicate()) {
                listener.duplicate(command);
            }
        });
        return result;
    }

    /** Whether commands are in progress, for a graceful stop. */
    public Future<?> idle() {
        return Future.join(inFlight.values().stream().toList());
    }

    private Future<Reply> afterPreviousOf(List<String> keys, java.util.function.Supplier<Future<Reply>> work) {
        List<Future<?>> previous = keys.stream().map(lastOfKey::get).filter(java.util.Objects::nonNull).distinct().toList();
        Future<Reply> result = previous.isEmpty() ? work.get() : Future.join(previous).transform(done -> work.get());
        keys.forEach(key -> lastOfKey.put(key, result));
        result.onComplete(done -> keys.forEach(key -> lastOfKey.remove(key, result)));
        return result;
    }

    /** Attempt number {@code attempt}, after {@code conflicts} version conflicts in a row (which cost no attempt). */
    private Future<Reply> attempt(String address, Envelope command, int attempt, int conflicts, Optional<ReplyDeadline> deadline,
                                  Handling handling) {
        if (deadline.isPresent() && deadline.get().passed()) {
            return Future.failedFuture(new SenderStoppedWaiting());
        }
        Envelope attempted = command.withAttempt(attempt);
        Future<Reply> handled = handling.outside().isEmpty()
                ? inTransaction(attempted, deadline, handling, null)
                : outsideFirst(attempted, deadline, handling, handling.outside().get());
        return handled
                .onSuccess(reply -> database.succeeded())
                .recover(failure -> afterFailure(address, command, attempt, conflicts, deadline, handling, failure));
    }

    /**
     * The outside calls, with no transaction open (none holds a connection, or the oldest running
     * transaction id every subscription reads below, while the outside answers), for a command its
     * inbox does not know yet; then the transaction, which checks the inbox again.
     */
    private Future<Reply> outsideFirst(Envelope command, Optional<ReplyDeadline> deadline, Handling handling,
                                       Function<Envelope, Future<Object>> outside) {
        return inbox.replyFor(pool, consumer, command.messageId())
                .compose(stored -> stored.isPresent()
                        ? storedReply(stored.get())
                        : outside.apply(command).compose(answer -> inTransaction(command, deadline, handling, answer)));
    }

    private Future<Reply> inTransaction(Envelope command, Optional<ReplyDeadline> deadline, Handling handling, Object outsideAnswer) {
        // checked again in the transaction: it may have waited for one while the deadline passed
        return transactions.run(tx -> deadline.isPresent() && deadline.get().passed()
                ? Future.<Reply>failedFuture(new SenderStoppedWaiting())
                : handleOnce(command, tx, handling, outsideAnswer));
    }

    private Future<Reply> handleOnce(Envelope command, Tx tx, Handling handling, Object outsideAnswer) {
        return inbox.replyFor(tx.connection(), consumer, command.messageId())
                .compose(stored -> stored.isPresent()
                        ? storedReply(stored.get())
                        : handling.inTransaction().handle(command, outsideAnswer, tx)
                            .map(Reply::of)
                            .compose(reply -> inbox.record(tx.connection(), consumer, command.messageId(), reply.toJson())
                                    .map(reply)));
    }

    /**
     * Retries while the policy has attempts left and the sender still waits. Then a command the
     * database could not take, or one whose sender retries by itself, fails without burial: its
     * sender sends it again (the outbox resends until acknowledged; an HTTP client is answered 503).
     * Only a command that failed on its own account, from a sender that does not retry, is buried.
     */
    private Future<Reply> afterFailure(String address, Envelope command, int attempt, int conflicts,
                                       Optional<ReplyDeadline> deadline, Handling handling, Throwable failure) {
        if (failure instanceof SenderStoppedWaiting || failure instanceof DeadLetteredException) {
            return Future.failedFuture(failure);
        }
        if (failure instanceof StreamVersionConflict && conflicts < MAX_CONFLICTS_IN_A_ROW) {
            // another handler, here or on another node, wrote to the stream first: it made progress, so
            // this is contention, not a fault; re-read and try again soon, without spending an attempt
            Duration pause = Duration.ofMillis(1 + ThreadLocalRandom.current().nextLong(1L << Math.min(conflicts, 6)));
            if (deadline.map(until -> until.leavesTimeAfter(pause)).orElse(true)) {
                listener.retried(command);
                return Futures.after(vertx, pause)
                        .compose(waited -> attempt(address, command, attempt, conflicts + 1, deadline, handling));
            }
        }
        firstFailures.putIfAbsent(command.messageId(), Instant.now());
        boolean databaseUnavailable = Failures.isDatabaseUnavailable(failure);
        if (databaseUnavailable) {
            database.failed(failure);
        }
        Duration delay = retry.delayAfter(attempt, failure);
        if (!Failures.isPermanent(failure) && retry.hasAttemptAfter(attempt)
                && deadline.map(until -> until.leavesTimeAfter(delay)).orElse(true)) {
            listener.retried(command);
            if (!databaseUnavailable) { // an outage is logged once, by the loop health
                LOG.info("command.retry consumer={} messageId={} correlationId={} type={} attempt={} reason={}",
                        consumer, command.messageId(), command.correlationId(), command.type(), attempt,
                        failure.getMessage());
            }
            return Futures.after(vertx, delay).compose(waited -> attempt(address, command, attempt + 1, 0, deadline, handling));
        }
        if (databaseUnavailable) {
            return Future.failedFuture(failure);
        }
        if (deadline.isPresent()) {
            logGivenUp(command, attempt, failure);
            return Future.failedFuture(failure);
        }
        return bury(address, command, failure, attempt);
    }

    private void logGivenUp(Envelope command, int attempts, Throwable failure) {
        String line = "command.failed consumer={} messageId={} correlationId={} type={} attempts={} reason={}";
        Object[] values = {consumer, command.messageId(), command.correlationId(), command.type(), attempts,
                Failures.describe(failure)};
        if (Failures.isPermanent(failure)) { // a bug or bad data: an error, though the client has its answer
            LOG.error(line, values);
        } else {
            LOG.warn(line, values);
        }
    }

    /** The reply given before; a command in the dead letters stays there, whoever sends it again. */
    private static Future<Reply> storedReply(JsonObject stored) {
        return Inbox.DEAD_LETTERED.equals(stored)
                ? Future.failedFuture(new DeadLetteredException(new IllegalStateException("already in the dead letters")))
                : Future.succeededFuture(Reply.fromJson(stored, true));
    }

    private Future<Reply> bury(String address, Envelope command, Throwable failure, int attempts) {
        listener.deadLettered(command);
        LOG.error("command.dead consumer={} messageId={} correlationId={} type={} attempts={} reason={}",
                consumer, command.messageId(), command.correlationId(), command.type(), attempts, Failures.describe(failure));
        return Tx.run(pool, tx -> deadLetters.buryCommand(tx, consumer, address, command, failure, attempts,
                                firstFailures.get(command.messageId()))
                        .compose(buried -> inbox.record(tx.connection(), consumer, command.messageId(), Inbox.DEAD_LETTERED)))
                .transform(buried -> Future.failedFuture(buried.succeeded()
                        ? new DeadLetteredException(failure)
                        : failure));
    }

    /** The sender stopped waiting for the reply before the command could be handled: it was not. */
    private static final class SenderStoppedWaiting extends TransientFailure {
        SenderStoppedWaiting() {
            super("not handled: its sender stopped waiting for the reply");
        }
    }

    /** The command is now in the dead letters. */
    public static final class DeadLetteredException extends RuntimeException {
        DeadLetteredException(Throwable cause) {
            super("dead-lettered: " + cause.getMessage(), cause);
        }
    }

    /** A handler's answer as stored in the inbox: the reply record's wire type and JSON; {@code duplicate} if replayed. */
    public record Reply(String type, JsonObject payload, boolean duplicate) {
        static final String NONE = "ack";

        static Reply of(Object payload) {
            return payload == null
                    ? new Reply(NONE, new JsonObject(), false)
                    : new Reply(dev.domainagents.core.message.MessageType.Of.name(payload.getClass()),
                            dev.domainagents.core.message.Json.toJson(payload), false);
        }

        static Reply fromJson(JsonObject json, boolean duplicate) {
            return new Reply(json.getString("type"), json.getJsonObject("payload"), duplicate);
        }

        JsonObject toJson() {
            return new JsonObject().put("type", type).put("payload", payload);
        }
    }
}
