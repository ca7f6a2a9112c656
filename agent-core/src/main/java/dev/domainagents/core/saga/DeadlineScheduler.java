package dev.domainagents.core.saga;

import dev.domainagents.core.lease.LeasedLoop;
import dev.domainagents.core.lease.Leases;
import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.MessageKind;
import dev.domainagents.core.store.EventStore;
import dev.domainagents.core.store.Tx;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fires due deadlines, on the node holding the lease {@value #LEASE}: in one transaction it
 * takes them from the table (with {@code FOR UPDATE SKIP LOCKED} all the same) and appends one
 * {@link DeadlineReached} event each, which its saga receives through its subscription.
 * A deadline fires once; if the process dies before the commit, or the database fails, it is
 * still in the table and fires at a later poll (a failing poll is logged once, and its recovery).
 * Due times are PostgreSQL's: {@link SagaStates} writes them as the database's {@code now()} plus
 * the step's timeout, and this compares them with the database's {@code now()}, one clock for all
 * nodes whatever their own clocks say.
 */
public final class DeadlineScheduler extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(DeadlineScheduler.class);
    private static final String TAKE_DUE = """
            DELETE FROM deadlines
             WHERE id IN (SELECT id FROM deadlines WHERE due_at <= now() ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING id, saga, correlation_id, name, step, due_at
            """;
    private static final int BATCH = 200;

    /** The lease of the scheduler: one node fires the deadlines of all. */
    public static final String LEASE = "saga-deadlines";

    private final Pool pool;
    private final EventStore events;
    private final Clock clock;
    private final LeasedLoop loop;

    public DeadlineScheduler(Pool pool, EventStore events, Clock clock, Duration pollInterval, Leases leases) {
        this.pool = pool;
        this.events = events;
        this.clock = clock;
        this.loop = new LeasedLoop(leases, LEASE, pollInterval, LOG, "deadlines", this::fireDue);
    }

    /** A scheduler polling every {@code sagas.deadlinePollIntervalMs} (default 200 ms). */
    public static DeadlineScheduler fromConfig(Pool pool, EventStore events, Clock clock, io.vertx.core.json.JsonObject config,
                                               Leases leases) {
        long interval = config.getJsonObject("sagas", new io.vertx.core.json.JsonObject()).getLong("deadlinePollIntervalMs", 200L);
        dev.domainagents.core.config.Settings.require(interval >= 1, "sagas.deadlinePollIntervalMs", interval, "positive");
        return new DeadlineScheduler(pool, events, clock, Duration.ofMillis(interval), leases);
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

    private Future<Integer> fireDue() {
        return Tx.run(pool, tx -> tx.connection().preparedQuery(TAKE_DUE).execute(Tuple.of(BATCH)).compose(rows -> {
                    List<Future<Long>> appended = new ArrayList<>();
                    for (Row row : rows) {
                        appended.add(append(tx, row));
                    }
                    return Future.all(appended).map(rows.size());
                }))
                .onSuccess(count -> {
                    if (count > 0) {
                        LOG.info("deadlines.fired count={}", count);
                    }
                });
    }

    private Future<Long> append(Tx tx, Row row) {
        String correlationId = row.getString("correlation_id");
        DeadlineReached reached = new DeadlineReached(row.getString("saga"), correlationId, row.getString("name"),
                row.getString("step"), row.getOffsetDateTime("due_at").toInstant());
        Envelope event = Envelope.of(MessageKind.EVENT, null, correlationId, reached, clock.instant());
        return events.append(tx, "deadline-" + row.getLong("id"), 0, List.of(event));
    }
}
