package dev.domainagents.core.store;

import dev.domainagents.core.async.Futures;
import dev.domainagents.core.async.LoopHealth;
import dev.domainagents.core.delivery.DeadLetter;
import dev.domainagents.core.delivery.DeadLetters;
import dev.domainagents.core.delivery.Failures;
import dev.domainagents.core.delivery.RetryPolicy;
import dev.domainagents.core.lease.Lease;
import dev.domainagents.core.lease.Leases;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * they hold the lease for a moment never handle a batch twice. Split into segments (by stream
 * id), its parts are subscriptions of their own, shared out among the nodes that run it.
 *
 * <p>A failing event is retried alone, with the retry policy's backoff; past its attempts
 * (or at once for a permanent failure) it goes to the dead letters and its stream is
 * parked. A failure of the database itself ({@link Failures#isDatabaseUnavailable}) is no
 * event's fault: it costs no attempt, and the cycle is tried again at the next poll, until the
 * database is back (logged once when it starts failing, once when it recovers). Parked means:
 * later events of that stream are stored as parked dead letters instead of overtaking it. A
 * redrive retries it and then the parked ones, in stream order.
 */
public final class Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);
    private static final String LOCK_CHECKPOINT = """
            SELECT tx_id, position FROM checkpoints
             WHERE subscription = $1 AND pg_try_advisory_xact_lock(hashtextextended('subscription:' || $1, 0))
            """;
    private static final String SAVE_CHECKPOINT =
            "UPDATE checkpoints SET tx_id = $2, position = $3, updated_at = now() WHERE subscription = $1";
    private static final String WAIT_FOR_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('subscription:' || $1, 0))";
    private static final String RESET_CHECKPOINT =
            "UPDATE checkpoints SET tx_id = 0, position = 0, updated_at = now() WHERE subscription = $1";
    private static final Duration IDLE = Duration.ofMillis(-1);
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
    private final Set<String> parkedStreams = new HashSet<>();
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

    /**
     * A subscription to the events of {@code types} (empty: every type) in {@code segment} of
     * the streams. Other events are not even read, so a subscription commits only when it has
     * something to handle. Its name is {@code segment.subscriptionName(name)}.
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

    /** Creates the checkpoint if new, learns the parked streams, and starts consuming. Call on the owner's context. */
    public Future<Void> start() {
        return pool.preparedQuery("INSERT INTO checkpoints (subscription) VALUES ($1) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(name))
                .compose(created -> deadLetters.ofConsumer(pool, name))
                .onSuccess(letters -> {
                    letters.forEach(letter -> parkedStreams.add(letter.streamId()));
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
                            owner.runOnContext(ignored -> poll());
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
                        : events.readAll(tx.connection(), checkpoint.get(), limit, types, segment)
                            .compose(batch -> handleInOrder(batch, tx)
                                    .compose(handled -> saveCheckpoint(tx, batch))
                                    .compose(saved -> batch.size() == limit
                                            ? Future.succeededFuture(new Cycle(batch.size(), false))
                                            : events.anyHeldBack(tx.connection(), lastOf(batch, checkpoint.get()), types, segment)
                                                .map(heldBack -> new Cycle(batch.size(), heldBack))))))
                .map(cycle -> {
                    failingPosition = null;
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

    private static GlobalPosition lastOf(List<RecordedEvent> batch, GlobalPosition checkpoint) {
        return batch.isEmpty() ? checkpoint : batch.get(batch.size() - 1).position();
    }

    /** What one cycle did: how many events it handled, and whether newer committed events were held back. */
    private record Cycle(int handled, boolean heldBack) {
        static final Cycle NOTHING = new Cycle(0, false);
    }

    /**
     * Handles the batch in one transaction: related events (one stream, or one flow) one after
     * the other in global order; unrelated groups concurrently, their statements pipelined on
     * the transaction's connection, so a batch of many flows does not pay a round trip per
     * statement per event. Fails with the earliest failed event once every group has stopped.
     */
    private Future<Void> handleInOrder(List<RecordedEvent> batch, Tx tx) {
        List<Future<Void>> groups = RelatedEvents.groups(batch).stream()
                .map(group -> Futures.inOrder(group, event -> handleOrPark(event, tx)))
                .toList();
        return Future.join(groups).transform(joined -> groups.stream()
                .filter(Future::failed)
                .map(Future::cause)
                .min(Comparator.comparing(failure -> failure instanceof EventFailed failed
                        ? failed.event.position() : GlobalPosition.START))
                .<Future<Void>>map(Future::failedFuture)
                .orElse(Future.succeededFuture()));
    }

    private Future<Void> handleOrPark(RecordedEvent event, Tx tx) {
        if (parkedStreams.contains(event.streamId())) {
            return deadLetters.buryEvent(tx.connection(), name, event,
                    "parked behind an earlier dead letter of stream " + event.streamId(), 0, DeadLetter.Status.PARKED);
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
                    tx.afterCommit(() -> parkedStreams.add(event.streamId()));
                    return deadLetters.buryEvent(tx.connection(), name, event, Failures.describe(cause), failingAttempts,
                                    DeadLetter.Status.DEAD, failingSince)
                            .compose(buried -> saveCheckpoint(tx, next));
                })))
                .onSuccess(done -> failingPosition = null);
    }

    /** Retries the streams an operator redrove: the redriven event, then those parked behind it, in order. */
    private Future<Void> redriveIfRequested() {
        if (!redriveRequested) {
            return Future.succeededFuture();
        }
        redriveRequested = false;
        return deadLetters.ofConsumer(pool, name).<Void>compose(letters -> {
            Map<String, List<DeadLetter>> byStream = new LinkedHashMap<>();
            letters.forEach(letter -> byStream.computeIfAbsent(letter.streamId(), s -> new ArrayList<>()).add(letter));
            List<List<DeadLetter>> redriven = byStream.values().stream()
                    .filter(stream -> stream.stream().anyMatch(letter -> letter.status() == DeadLetter.Status.REDRIVE))
                    .toList();
            return Futures.inOrder(redriven, this::redriveStream);
        }).onFailure(failure -> redriveRequested = true); // not done: the next cycle tries again
    }

    private Future<Void> redriveStream(List<DeadLetter> stream) {
        String streamId = stream.get(0).streamId();
        return redriveFrom(stream, 0).onSuccess(cleared -> {
            if (cleared) {
                parkedStreams.remove(streamId);
                LOG.info("subscription.stream.unparked subscription={} streamId={}", name, streamId);
            }
        }).mapEmpty();
    }

    /** Handles the stream's dead letters from {@code index} on; true when none is left. */
    private Future<Boolean> redriveFrom(List<DeadLetter> stream, int index) {
        if (index == stream.size()) {
            return Future.succeededFuture(true);
        }
        DeadLetter letter = stream.get(index);
        if (letter.status() == DeadLetter.Status.DEAD) {
            return Future.succeededFuture(false);
        }
        return Tx.run(pool, tx -> handleOne(letter.asEvent(), tx)
                        .compose(handled -> deadLetters.delete(tx.connection(), letter.id())))
                .compose(handled -> redriveFrom(stream, index + 1), failure -> Failures.isDatabaseUnavailable(failure)
                        ? Future.failedFuture(failure)
                        : deadLetters.buryEvent(pool, name, letter.asEvent(), Failures.describe(failure), 1,
                                DeadLetter.Status.DEAD).map(false));
    }

    private Future<Optional<GlobalPosition>> lockCheckpoint(Tx tx) {
        return tx.connection().preparedQuery(LOCK_CHECKPOINT).execute(Tuple.of(name)).map(rows -> rows.size() == 0
                ? Optional.empty()
                : Optional.of(new GlobalPosition(rows.iterator().next().getLong("tx_id"), rows.iterator().next().getLong("position"))));
    }

    private Future<Void> saveCheckpoint(Tx tx, List<RecordedEvent> batch) {
        if (batch.isEmpty()) {
            return Future.succeededFuture();
        }
        GlobalPosition last = batch.get(batch.size() - 1).position();
        return tx.connection().preparedQuery(SAVE_CHECKPOINT)
                .execute(Tuple.of(name, last.transactionId(), last.sequence()))
                .mapEmpty();
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
