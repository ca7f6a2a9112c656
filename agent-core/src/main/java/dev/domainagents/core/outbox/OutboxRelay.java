package dev.domainagents.core.outbox;

import dev.domainagents.core.async.LoopHealth;
import dev.domainagents.core.delivery.Failures;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.lease.Lease;
import dev.domainagents.core.lease.Leases;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Sends outbox commands and forgets them once acknowledged.
 *
 * <p>A fresh command is sent right after its transaction commits (no polling on the hot
 * path). Acknowledged rows are deleted in batches. Rows not acknowledged by their
 * {@code next_attempt_at} (receiver absent, reply lost, process crashed) are claimed by a
 * poll, which runs on the node holding the lease {@value #LEASE} (and claims rows with
 * {@code FOR UPDATE SKIP LOCKED} all the same), and resent with a growing delay. A reply that the receiver dead-lettered the command is an answer
 * too, a failure: the receiver's burial appended a {@code CommandDeadLettered} event in its own
 * transaction, and the sender learns of the failure from that event, so resending is pointless. While the database is unavailable
 * both loops keep trying at their period (logged once when they start failing, once when they
 * recover); a command its receiver could not store is not acknowledged, so it is resent.
 */
public final class OutboxRelay extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final String CLAIM_DUE = """
            UPDATE outbox
               SET attempts = attempts + 1,
                   next_attempt_at = now() + least($1::float8, $2::float8 * power(2, least(attempts, 20))) * interval '1 millisecond'
             WHERE id IN (SELECT id FROM outbox WHERE next_attempt_at <= now()
                          ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
            RETURNING id, address, envelope
            """;

    /** The lease of the resend poll: one node resends for all. */
    public static final String LEASE = "outbox-relay";

    private final Pool pool;
    private final OutboxSettings settings;
    private final Leases leases;
    private Lease lease;
    private final ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
    private final List<Long> timers = new ArrayList<>();
    private final LoopHealth pollHealth = new LoopHealth(LOG, "outbox.resend");
    private final LoopHealth flushHealth = new LoopHealth(LOG, "outbox.acknowledge");
    private Future<?> poll = Future.succeededFuture();
    private boolean polling;
    private boolean flushing;

    public OutboxRelay(Pool pool, OutboxSettings settings, Leases leases) {
        this.pool = pool;
        this.settings = settings;
        this.leases = leases;
    }

    /** A relay with the {@code outbox} section of the configuration. */
    public static OutboxRelay fromConfig(Pool pool, io.vertx.core.json.JsonObject config, Leases leases) {
        return new OutboxRelay(pool, OutboxSettings.fromJson(config.getJsonObject("outbox", new io.vertx.core.json.JsonObject())),
                leases);
    }

    public OutboxSettings settings() {
        return settings;
    }

    @Override
    public Future<?> start() {
        lease = leases.lease(LEASE);
        timers.add(vertx.setPeriodic(settings.pollInterval().toMillis(), id -> resendDue()));
        timers.add(vertx.setPeriodic(settings.ackFlushInterval().toMillis(), id -> forgetAcknowledged()));
        return Future.succeededFuture();
    }

    /** Stops resending; acknowledgements received so far are still forgotten. */
    @Override
    public Future<?> stop() {
        timers.forEach(vertx::cancelTimer);
        return poll.transform(polled -> flush()).transform(flushed -> leases.release(lease));
    }

    /** Sends one stored command now; safe to call from any thread once the row has committed. */
    void send(long id, String address, Envelope command) {
        if (vertx == null) {
            return; // not deployed in this process: the poll of a relay elsewhere resends it
        }
        vertx.eventBus().request(address, command, new DeliveryOptions().setSendTimeout(settings.ackTimeout().toMillis()))
                .onComplete(reply -> {
                    if (reply.succeeded() || Failures.isDeadLettered(reply.cause())) {
                        acknowledged.add(id);
                    } else {
                        LOG.debug("outbox.send.unacknowledged id={} messageId={} correlationId={} reason={}",
                                id, command.messageId(), command.correlationId(), reply.cause().getMessage());
                    }
                });
    }

    private void resendDue() {
        if (polling || !lease.held()) {
            return;
        }
        polling = true;
        poll = pool.preparedQuery(CLAIM_DUE)
                .execute(Tuple.of(settings.maxResendDelay().toMillis(), settings.resendAfter().toMillis(), settings.batchSize()))
                .onSuccess(rows -> {
                    for (Row row : rows) {
                        send(row.getLong("id"), row.getString("address"), Envelope.fromJson(row.getJsonObject("envelope")));
                    }
                })
                .onComplete(done -> {
                    polling = false;
                    if (done.succeeded()) {
                        pollHealth.succeeded();
                    } else {
                        pollHealth.failed(done.cause());
                    }
                });
    }

    private void forgetAcknowledged() {
        if (!flushing && !acknowledged.isEmpty()) {
            flushing = true;
            flush().onComplete(done -> flushing = false);
        }
    }

    private Future<Void> flush() {
        List<Long> ids = new ArrayList<>();
        for (Long id = acknowledged.poll(); id != null; id = acknowledged.poll()) {
            ids.add(id);
        }
        if (ids.isEmpty()) {
            return Future.succeededFuture();
        }
        return pool.preparedQuery("DELETE FROM outbox WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .<Void>mapEmpty()
                .onSuccess(done -> flushHealth.succeeded())
                .onFailure(failure -> {
                    // Not forgotten yet: put them back; a resend meanwhile is harmless (inbox dedup).
                    acknowledged.addAll(ids);
                    flushHealth.failed(failure);
                });
    }
}
