package dev.domainagents.core.delivery;

import dev.domainagents.core.lease.LeasedLoop;
import dev.domainagents.core.lease.Leases;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the inbox from growing without end, on the node holding the lease {@value #LEASE}: every
 * {@code inbox.pruneIntervalMs} it deletes, in batches of {@value #BATCH} rows, each its own
 * transaction, the messages handled longer ago than {@code inbox.retentionHours}. It keeps,
 * whatever their age, a message still in the outbox (its sender may resend it, and the copy must
 * be recognised) and one in the dead letters (its burial mark, which a redrive clears).
 */
public final class InboxPruner extends VerticleBase {
    /** The lease of the pruner: one node prunes for all. */
    public static final String LEASE = "inbox-pruner";

    private static final Logger LOG = LoggerFactory.getLogger(InboxPruner.class);
    private static final int BATCH = 1_000;
    /** Batches per round at most, so that a large backlog is worked off over rounds, not in one long burst. */
    private static final int BATCHES_PER_ROUND = 20;
    private static final String PRUNE = """
            DELETE FROM inbox
             WHERE (consumer, message_id) IN (
                   SELECT i.consumer, i.message_id FROM inbox i
                    WHERE i.handled_at < now() - make_interval(hours => $1)
                      AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = i.message_id)
                      AND NOT EXISTS (SELECT 1 FROM dead_letters d
                                       WHERE d.consumer = i.consumer AND d.message_id = i.message_id)
                    LIMIT $2)
            """;

    private final Pool pool;
    private final InboxSettings settings;
    private final LeasedLoop loop;

    public InboxPruner(Pool pool, InboxSettings settings, Leases leases) {
        this.pool = pool;
        this.settings = settings;
        this.loop = new LeasedLoop(leases, LEASE, settings.pruneInterval(), LOG, "inbox-pruner", this::pruneRound);
    }

    @Override
    public Future<?> start() {
        loop.start(vertx);
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        return loop.stop();
    }

    /** One round: batches until one comes back short (or the round's cap, or the lease is lost). */
    private Future<Integer> pruneRound() {
        return pruneBatches(0, 0).onSuccess(pruned -> {
            if (pruned > 0) {
                LOG.info("inbox.pruned rows={} retentionHours={}", pruned, settings.retention().toHours());
            }
        });
    }

    private Future<Integer> pruneBatches(int batches, int prunedSoFar) {
        return pool.preparedQuery(PRUNE).execute(Tuple.of(settings.retention().toHours(), BATCH)).compose(deleted -> {
            int pruned = prunedSoFar + deleted.rowCount();
            return deleted.rowCount() < BATCH || batches + 1 >= BATCHES_PER_ROUND || !loop.held()
                    ? Future.succeededFuture(pruned)
                    : pruneBatches(batches + 1, pruned);
        });
    }
}
