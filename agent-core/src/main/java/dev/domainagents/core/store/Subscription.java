package dev.domainagents.core.store;

import dev.domainagents.core.async.Futures;
import dev.domainagents.core.async.LoopHealth;
import dev.domainagents.core.delivery.DeadLetter;
import dev.domainagents.core.delivery.DeadLetters;
import dev.domainagents.core.delivery.Failures;
import dev.domainagents.core.delivery.ParkedStreams;
import dev.domainagents.core.delivery.RetryPolicy;
import dev.domainagents.core.lease.Lease;
import dev.domainagents.core.lease.Leases;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A durable, named consumer of the global event stream.
 *
 * <p>Guarantees: events reach the handler in global order, each exactly once as far as
 * PostgreSQL is concerned: a batch of events is handled in one transaction that also moves
 * the checkpoint, so the handler's writes and the checkpoint commit together. Effects
 * outside that transaction (a log line, a broker) may repeat after a crash: at least once.
 * A subscription that was down resumes from its checkpoint. It is woken by a bus hint after
 * each append and polls as well, so a lost hint only delays it. It runs on one node at a time:
 * the node holding its lease ({@link Leases}, named {@code subscription:<name>}); and each
 * batch takes a transaction-level advisory lock as well, so even two nodes that both believe
 * they hold the lease for a moment never handle a batch twice: the lock is taken in a statement
 * of its own, before the checkpoint is read, and the checkpoint is saved only from where the
 * batch read it, so neither another batch nor a rewind ({@link #rewind}) is ever undone. Split
 * into segments (by stream id), its parts are subscriptions of their own, shared out among the
 * nodes that run it.
 *
 * <p>A failing event is retried alone, with the retry policy's backoff; past its attempts
 * (or at once for a permanent failure) it goes to the dead letters and its stream is
 * parked. A failure of the database itself ({@link Failures#isDatabaseUnavailable}) is no
 * event's fault: it costs no attempt, and the cycle is tried again at the next poll, until the
 * database is back (logged once when it starts failing, once when it recovers). Parked means:
 * later events of that stream are stored as parked dead letters instead of overtaking it. The
 * rows of {@code dead_letters} say which streams are parked, read again by every batch
 * ({@link ParkedStreams}), so a lease taken over, a redrive or a discard on any node holds at the
 * next batch. A redrive retries the dead event and then the parked ones, in stream order; a
 * discard of the dead one lets the parked ones go on the same way.
 */
public final class Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);
    private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(hashtextextended('subscription:' || $1, 0))";
    private static final String READ_CHECKPOINT = "SELECT tx_id, position FROM checkpoints WHERE subscription = $1";
    /** Moves the checkpoint only from where the batch read it: a rewind in between fails the batch instead of being undone. */
    private static final String SAVE_CHECKPOINT = """
            UPDATE checkpoints SET tx_id = $2, position = $3, updated_at = now()
             WHERE subscription = $1 AND tx_id = $4 AND position = $5
            """;
    private static final String WAIT_FOR_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('subscription:' || $1, 0))";
    private static final String RESET_CHECKPOINT =
            "UPDATE checkpoints SET tx_id = 0, position = 0, updated_at = now() WHERE subscription = $1";
    private static final Duration IDLE = Duration.ofMillis(-1);
    /** Past every position: {@link ParkedStreams#readyAt} with it names every stream whose first letter is not dead. */
    private static final GlobalPosition EVERYWHERE = new GlobalPosition(Long.MAX_VALUE, Long.MAX_VALUE);
    /** A subscription's lease is named after it: {@code subscription:order-saga}. */
    public static final String LEASE_PREFIX = "subscription:";
    private static final long HELD_BACK_FIRST_RETRY_MS = 2;
    /** A transaction holding events back usually lasts milliseconds; a long one costs a look every half second. */
    private static final long HELD_BACK_MAX_RETRY_MS = 500;

    /** What the subscription does with one event, in the transaction that moves its checkpoint. */
    @FunctionalInterface
    public interface Handler {
        Future<Void> handle(RecordedEvent event, Tx tx);
    }

    private final String name;
    private final String group;
    private final Segment segment;
    private final Set<String> types;
    private final Handler handler;
    private final Vertx vertx;
    private final Pool pool;
    private final EventStore events;
    private final DeadLetters deadLetters;
    private final RetryPolicy retry;
    private final SubscriptionSettings settings;
    private final Leases leases;
    private Lease lease;

    private final LoopHealth health;
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private long pollTimer;
    private boolean busy;
    private boolean pollAgain;
    private boolean redriveRequested = true;
    private boolean stopped;
    private Future<Duration> inFlight = Future.succeededFuture(IDLE);
    private GlobalPosition failingPosition;
    private int failingAttempts;
    /** When the event at {@link #failingPosition} first failed: its dead letter's {@code firstFailureAt}. */
    private Instant failingSince;
    private int heldBackStreak;
    /** When the checkpoint last moved past events of others alone (a batch with nothing to handle). */
    private long skippedAtNanos = System.nanoTime();

    /**
     * A subscription to the events of {@code types} (empty: every type) in {@code segment} of
     * the streams. Other events are not even read: the checkpoint moves past them with the
     * batch, or, while there is nothing to handle, at most once a poll interval, so a
     * subscription to rare types does not scan the same tail again at every poll. Its name is
     * {@code segment.subscriptionName(name)}.
     */
    public Subscription(String name, Segment segment, Set<String> types, Handler handler, Vertx vertx, Pool pool, EventStore events,
                        DeadLetters deadLetters, RetryPolicy retry, SubscriptionSettings settings, Leases leases) {
        this.name = segment.subscriptionName(name);
        this.group = name;
        this.segment = segment;
        this.types = Set.copyOf(types);
        this.handler = handler;
        this.vertx = vertx;
        this.pool = pool;
        this.events = events;
        this.deadLetters = deadLetters;
        this.retry = retry;
        this.settings = settings;
        this.leases = leases;
        this.health = new LoopHealth(LOG, "subscription:" + name);
    }

    /**
     * Creates the checkpoint if new and starts consuming. Call on the owner's context. Which
     * streams are parked is read from {@code dead_letters} by every batch, never kept here.
     */
    public Future<Void> start() {
        return pool.preparedQuery("INSERT INTO checkpoints (subscription) VALUES ($1) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(name))
                .onSuccess(created -> {
                    consumers.add(vertx.eventBus().<JsonArray>consumer(EventStore.APPENDED_ADDRESS, hint -> {
                        if (wants(hint.body())) {
                            poll();
                        }
                    }));
                    consumers.add(vertx.eventBus().<String>consumer(DeadLetters.REDRIVE_ADDRESS, hint -> {
                        if (name.equals(hint.body())) {
                            redriveRequested = true;
                            poll();
                        }
                    }));
                    pollTimer = vertx.setPeriodic(settings.pollInterval().toMillis(), id -> poll());
                    Context owner = vertx.getOrCreateContext();
                    lease = leases.lease(LEASE_PREFIX + name, LEASE_PREFIX + group, segment.count(), new Lease.Listener() {
                        @Override
                        public void acquired() {
                            owner.runOnContext(ignored -> {
                                redriveRequested = true; // what was redriven or discarded while another node held it
                                poll();
                            });
                        }

                        @Override
                        public void lost() {
                            // the batch in flight, if any, commits under its own lock; no new one starts
                        }
                    });
                })
                .mapEmpty();
    }

    /** Stops consuming; the batch in flight finishes (and commits) first. */
    public Future<Void> stop() {
        stopped = true;
        vertx.cancelTimer(pollTimer);
        return Future.join(consumers.stream().map(MessageConsumer::unregister).toList())
                .transform(unregistered -> inFlight.otherwiseEmpty())
                .transform(finished -> lease == null ? Future.succeededFuture() : leases.release(lease))
                .mapEmpty();
    }

    public String name() {
        return name;
    }

    /** Whether a hint names a type this subscription reads (no types named: a hint for all). */
    private boolean wants(JsonArray appendedTypes) {
        if (types.isEmpty() || appendedTypes == null || appendedTypes.isEmpty()) {
            return true;
        }
        for (Object type : appendedTypes) {
            if (types.contains(type)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Moves subscription {@code name}'s checkpoint back to the start of the event store, in
     * {@code tx}: it waits for a batch in progress (anywhere in the cluster) to commit, and no
     * batch commits until {@code tx} does, so whatever else {@code tx} does (emptying a read
     * model) and the rewind are seen together.
     */
    public static Future<Void> rewind(Tx tx, String name) {
        return tx.connection().preparedQuery(WAIT_FOR_LOCK).execute(Tuple.of(name))
                .compose(locked -> tx.connection().preparedQuery(RESET_CHECKPOINT).execute(Tuple.of(name)))
                .mapEmpty();
    }

    private void poll() {
        if (stopped || lease == null || !lease.held()) {
            return;
        }
        if (busy) {
            pollAgain = true;
            return;
        }
        busy = true;
        pollAgain = false;
        inFlight = redriveIfRequested().compose(redriven -> nextBatch());
        inFlight.onComplete(done -> {
            busy = false;
            // a failed cycle (the database unavailable, say) is tried again by the periodic poll, not sooner
            Duration next = done.succeeded() ? done.result() : IDLE;
            if (done.succeeded()) {
                health.succeeded();
            } else {
                health.failed(done.cause());
            }
            if (next.isZero() || pollAgain) {
                poll();
            } else if (!next.isNegative()) {
                vertx.setTimer(next.toMillis(), id -> poll());
            }
        });
    }

    /** Handles the next batch; answers when to look again: now, after a backoff, or on the next hint (negative). */
    private Future<Duration> nextBatch() {
        int limit = failingPosition == null ? settings.batchSize() : 1;
        return Tx.run(pool, tx -> lockCheckpoint(tx).compose(checkpoint -> checkpoint.isEmpty()
                        ? Future.succeededFuture(Cycle.NOTHING)
                        : handleBatch(tx, checkpoint.get(), limit)))
                .map(cycle -> {
                    failingPosition = null;
                    if (cycle.redrive()) {
                        redriveRequested = true;
                        return Duration.ZERO;
                    }
                    return whenToLookAgain(cycle, limit);
                })
                .recover(failure -> failure instanceof EventFailed failed && !Failures.isDatabaseUnavailable(failed.getCause())
                        ? retryOrBury(failed)
                        : Future.failedFuture(failure)); // not the event's fault: it keeps its attempts
    }

    /**
     * A full batch: at once. Events committed but held back behind a transaction still running
     * (they will not wake us again): soon, backing off while they stay held. Otherwise: on the
     * next hint, or the poll.
     */
    private Duration whenToLookAgain(Cycle cycle, int limit) {
        if (cycle.handled() == limit) {
            heldBackStreak = 0;
            return Duration.ZERO;
        }
        if (!cycle.heldBack()) {
            heldBackStreak = 0;
            return IDLE;
        }
        heldBackStreak++;
        long cap = Math.min(settings.pollInterval().toMillis(), HELD_BACK_MAX_RETRY_MS);
        long delay = Math.min(cap, HELD_BACK_FIRST_RETRY_MS << Math.min(heldBackStreak - 1, 10));
        return Duration.ofMillis(delay);
    }

    /**
     * Reads the batch and the parked streams (both sent at once, one round trip), handles the
     * batch, and moves the checkpoint: to its last event when the batch is full, else to the
     * page's horizon, past the events of other types and segments as well (which no snapshot
     * can ever show more of: see {@link EventStore#readPage}).
     */
    private Future<Cycle> handleBatch(Tx tx, GlobalPosition checkpoint, int limit) {
        Future<EventStore.Page> page = events.readPage(tx.connection(), checkpoint, limit, types, segment);
        Future<ParkedStreams> parked = deadLetters.parkedStreams(tx.connection(), name);
        return Future.all(page, parked).compose(read -> {
            List<RecordedEvent> batch = page.result().events();
            boolean full = batch.size() == limit;
            GlobalPosition target = full ? batch.get(batch.size() - 1).position() : page.result().horizon();
            if (batch.isEmpty() && !skipDue()) {
                target = checkpoint;
            }
            GlobalPosition moveTo = target;
            boolean redrive = !parked.result().readyAt(checkpoint).isEmpty();
            return handleInOrder(batch, parked.result(), tx)
                    .compose(handled -> saveCheckpoint(tx, checkpoint, moveTo))
                    .compose(saved -> full
                            ? Future.succeededFuture(new Cycle(batch.size(), false, redrive))
                            : events.anyHeldBack(tx.connection(), moveTo, types, segment)
                                .map(heldBack -> new Cycle(batch.size(), heldBack, redrive)));
        });
    }

    /** With nothing to handle, the checkpoint moves past others' events once a poll interval, not at every hint. */
    private boolean skipDue() {
        long now = System.nanoTime();
        if (now - skippedAtNanos < settings.pollInterval().toNanos()) {
            return false;
        }
        skippedAtNanos = now;
        return true;
    }

    /**
     * What one cycle did: how many events it handled, whether newer committed events were held
     * back, and whether a parked stream is ready to go on (redriven or discarded, maybe on another node).
     */
    private record Cycle(int handled, boolean heldBack, boolean redrive) {
        static final Cycle NOTHING = new Cycle(0, false, false);
    }

    /**
     * Handles the batch in one transaction: related events (one stream, or one flow) one after
     * the other in global order; unrelated groups concurrently, their statements pipelined on
     * the transaction's connection, so a batch of many flows does not pay a round trip per
     * statement per event. Fails with the earliest failed event once every group has stopped.
     */
    private Future<Void> handleInOrder(List<RecordedEvent> batch, ParkedStreams parked, Tx tx) {
        List<Future<Void>> groups = RelatedEvents.groups(batch).stream()
                .map(group -> Futures.inOrder(group, event -> handleOrPark(event, parked, tx)))
                .toList();
        return Future.join(groups).transform(joined -> groups.stream()
                .filter(Future::failed)
                .map(Future::cause)
                .min(Comparator.comparing(failure -> failure instanceof EventFailed failed
                        ? failed.event.position() : GlobalPosition.START))
                .<Future<Void>>map(Future::failedFuture)
                .orElse(Future.succeededFuture()));
    }

    private Future<Void> handleOrPark(RecordedEvent event, ParkedStreams parked, Tx tx) {
        if (parked.holdsBack(event)) {
            return deadLetters.park(tx.connection(), name, event, "parked behind an earlier dead letter of stream " + event.streamId());
        }
        return handleOne(event, tx).recover(failure -> Future.failedFuture(new EventFailed(event, failure)));
    }

    /** A handler that throws instead of failing its future is treated the same way. */
    private Future<Void> handleOne(RecordedEvent event, Tx tx) {
        try {
            return handler.handle(event, tx);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private Future<Duration> retryOrBury(EventFailed failed) {
        RecordedEvent event = failed.event;
        if (!event.position().equals(failingPosition)) {
            failingPosition = event.position();
            failingAttempts = 0;
            failingSince = Instant.now();
        }
        failingAttempts++;
        if (!Failures.isPermanent(failed.getCause()) && retry.hasAttemptAfter(failingAttempts)) {
            LOG.info("subscription.event.retry subscription={} messageId={} correlationId={} attempt={} reason={}",
                    name, event.envelope().messageId(), event.envelope().correlationId(), failingAttempts,
                    failed.getCause().getMessage());
            return Future.succeededFuture(retry.delayAfter(failingAttempts, failed.getCause()));
        }
        return bury(event, failed.getCause()).map(Duration.ZERO);
    }

    /** Moves the checkpoint past a dead event, if it is still the next one, and parks its stream. */
    private Future<Void> bury(RecordedEvent event, Throwable cause) {
        return Tx.run(pool, tx -> lockCheckpoint(tx).compose(checkpoint -> checkpoint.isEmpty()
                ? Future.succeededFuture()
                : events.readAll(tx.connection(), checkpoint.get(), 1, types, segment).compose(next -> {
                    if (next.isEmpty() || !next.get(0).position().equals(event.position())) {
                        return Future.succeededFuture();
                    }
                    LOG.error("subscription.event.dead subscription={} messageId={} correlationId={} attempts={} reason={}",
                            name, event.envelope().messageId(), event.envelope().correlationId(), failingAttempts,
                            Failures.describe(cause));
                    return deadLetters.buryEvent(tx.connection(), name, event, Failures.describe(cause), failingAttempts,
                                    DeadLetter.Status.DEAD, failingSince)
                            .compose(buried -> saveCheckpoint(tx, checkpoint.get(), event.position()));
                })))
                .onSuccess(done -> failingPosition = null);
    }

    /**
     * Goes on with the parked streams that may: those whose first letter an operator redrove, or
     * whose dead letter was discarded, on any node. Each such stream's letters are handled in
     * stream order, one a transaction under the checkpoint's lock, until none is left (the stream
     * is unparked), a dead one is met, or the next lies beyond the checkpoint (a replay from zero
     * reaches it first).
     */
    private Future<Void> redriveIfRequested() {
        if (!redriveRequested) {
            return Future.succeededFuture();
        }
        redriveRequested = false;
        return deadLetters.parkedStreams(pool, name)
                .compose(parked -> Futures.inOrder(parked.readyAt(EVERYWHERE), this::redriveStream))
                .onFailure(failure -> redriveRequested = true); // not done: the next cycle tries again
    }

    private Future<Void> redriveStream(String streamId) {
        return redriveFirst(streamId).compose(next -> switch (next) {
            case HANDLED -> redriveStream(streamId);
            case CLEARED -> {
                LOG.info("subscription.stream.unparked subscription={} streamId={}", name, streamId);
                yield Future.succeededFuture();
            }
            case LOCKED -> {
                redriveRequested = true; // a batch holds the lock: the next cycle goes on
                yield Future.succeededFuture();
            }
            case WAITING -> Future.succeededFuture();
        });
    }

    /** What a redrive step did with a stream's first letter. */
    private enum Redriven { HANDLED, CLEARED, WAITING, LOCKED }

    /** Handles the stream's first letter if it may be handled now, and deletes it, in one transaction. */
    private Future<Redriven> redriveFirst(String streamId) {
        return Tx.run(pool, tx -> lockCheckpoint(tx).compose(checkpoint -> checkpoint.isEmpty()
                        ? Future.succeededFuture(Redriven.LOCKED)
                        : deadLetters.firstOfStream(tx, name, streamId).compose(first -> {
                            if (first.isEmpty()) {
                                return Future.succeededFuture(Redriven.CLEARED);
                            }
                            DeadLetter letter = first.get();
                            if (letter.status() == DeadLetter.Status.DEAD || letter.eventPosition().compareTo(checkpoint.get()) > 0) {
                                return Future.succeededFuture(Redriven.WAITING);
                            }
                            return handleOne(letter.asEvent(), tx)
                                    .recover(failure -> Future.failedFuture(new RedriveFailed(letter, failure)))
                                    .compose(handled -> deadLetters.delete(tx.connection(), letter.id()))
                                    .map(Redriven.HANDLED);
                        })))
                .recover(failure -> failure instanceof RedriveFailed failed && !Failures.isDatabaseUnavailable(failed.getCause())
                        ? deadLetters.failedAgain(pool, failed.letter.id(), Failures.describe(failed.getCause())).map(Redriven.WAITING)
                        : Future.failedFuture(failure));
    }

    /**
     * Takes the subscription's transaction lock, then reads its checkpoint: two statements, so
     * the read's snapshot is taken once the lock is held and shows what the batch that held it
     * before committed (in one statement the snapshot predates the lock, and may show an older
     * checkpoint). Sent together, pipelined, they cost one round trip; PostgreSQL runs them in
     * order. Empty when another batch, on this node or another, holds the lock.
     */
    private Future<Optional<GlobalPosition>> lockCheckpoint(Tx tx) {
        Future<Boolean> locked = tx.connection().preparedQuery(TRY_LOCK).execute(Tuple.of(name))
                .map(rows -> rows.iterator().next().getBoolean(0));
        Future<RowSet<Row>> read = tx.connection().preparedQuery(READ_CHECKPOINT).execute(Tuple.of(name));
        return Future.all(locked, read).map(both -> {
            if (!locked.result() || read.result().size() == 0) {
                return Optional.empty();
            }
            Row row = read.result().iterator().next();
            return Optional.of(new GlobalPosition(row.getLong("tx_id"), row.getLong("position")));
        });
    }

    /** Moves the checkpoint from where this transaction read it; fails (and so rolls back) if it is no longer there. */
    private Future<Void> saveCheckpoint(Tx tx, GlobalPosition from, GlobalPosition to) {
        if (to.equals(from)) {
            return Future.succeededFuture();
        }
        return tx.connection().preparedQuery(SAVE_CHECKPOINT)
                .execute(Tuple.of(name, to.transactionId(), to.sequence()).addValue(from.transactionId()).addValue(from.sequence()))
                .compose(saved -> saved.rowCount() == 1 ? Future.<Void>succeededFuture()
                        : Future.failedFuture(new IllegalStateException("the checkpoint of " + name + " moved while a batch ran")));
    }

    /** The handler failed again on a redriven letter; its transaction rolled back. */
    private static final class RedriveFailed extends RuntimeException {
        private final transient DeadLetter letter;

        RedriveFailed(DeadLetter letter, Throwable cause) {
            super(cause.getMessage(), cause, false, false);
            this.letter = letter;
        }
    }

    /** The handler failed on this event; the batch rolled back. */
    private static final class EventFailed extends RuntimeException {
        private final transient RecordedEvent event;

        EventFailed(RecordedEvent event, Throwable cause) {
            super(cause.getMessage(), cause, false, false);
            this.event = event;
        }
    }
}
