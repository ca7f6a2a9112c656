package dev.domainagents.core.metrics;

import dev.domainagents.core.async.LoopHealth;
import dev.domainagents.core.config.Settings;
import dev.domainagents.core.lease.Lease;
import dev.domainagents.core.lease.Leases;
import dev.domainagents.core.store.Subscription;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gauges an operator alerts on, read from the shared tables every {@code metrics.gaugeIntervalMs}.
 * Every node of a cluster sees the same rows, so each value is reported by one node only, and
 * {@code sum()} over the nodes never counts it twice:
 * <ul>
 *   <li>the node holding the lease {@value #LEASE} reports what belongs to no consumer:
 *       {@code dead_letters{agent,status}}, {@code outbox_backlog}, {@code outbox_oldest_age_seconds},
 *       {@code sagas_open{saga,step}} and {@code sagas_oldest_open_age_seconds{saga}};</li>
 *   <li>the node holding a subscription's lease reports its lag:
 *       {@code subscription_lag_events{subscription}} (events after its checkpoint, counted up to
 *       {@value #LAG_CAP}) and {@code subscription_lag_seconds{subscription}} (the age of the
 *       oldest of them; 0 when it is at the head).</li>
 * </ul>
 * A node that loses a lease drops those gauges. Each query reads an index (or a table that is
 * small unless something is wrong: the dead letters, the outbox); a failing round keeps the
 * last values and is logged once through {@link LoopHealth}.
 */
public final class OperationsGauges extends VerticleBase {
    /** The lease of the cluster-wide gauges: one node reports them for all. */
    public static final String LEASE = "operations-gauges";
    /** Events counted behind a checkpoint at most, so a far-behind subscription costs a bounded index scan. */
    public static final int LAG_CAP = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(OperationsGauges.class);
    private static final String DEAD_LETTERS = """
            SELECT split_part(consumer, '#', 1) AS agent, status, count(*)::int AS letters
              FROM dead_letters GROUP BY 1, 2
            """;
    private static final String OUTBOX = """
            SELECT (SELECT count(*) FROM outbox)::int AS backlog,
                   coalesce((SELECT extract(epoch FROM now() - created_at) FROM outbox ORDER BY id LIMIT 1), 0)::float8 AS oldest
            """;
    private static final String SAGAS = """
            SELECT saga, step, count(*)::int AS open, extract(epoch FROM now() - min(created_at))::float8 AS oldest
              FROM sagas WHERE NOT completed GROUP BY saga, step
            """;
    private static final String LAG = """
            SELECT c.subscription,
                   (SELECT count(*) FROM (SELECT 1 FROM events e WHERE (e.tx_id, e.position) > (c.tx_id, c.position)
                                           LIMIT $2) behind)::int AS events,
                   coalesce((SELECT extract(epoch FROM now() - e.occurred_at) FROM events e
                              WHERE (e.tx_id, e.position) > (c.tx_id, c.position)
                              ORDER BY e.tx_id, e.position LIMIT 1), 0)::float8 AS seconds
              FROM checkpoints c WHERE c.subscription = ANY($1::text[])
            """;

    private final Pool pool;
    private final Leases leases;
    private final Duration interval;
    private final LoopHealth health = new LoopHealth(LOG, "operations-gauges");
    private final LiveSeries deadLetters;
    private final LiveSeries outboxBacklog;
    private final LiveSeries outboxOldest;
    private final LiveSeries sagasOpen;
    private final LiveSeries sagasOldest;
    private final LiveSeries lagEvents;
    private final LiveSeries lagSeconds;
    /** The agent and status pairs reported so far: one whose letters are all gone reads 0, not nothing. */
    private final Map<Tags, Integer> deadLettersSeen = new LinkedHashMap<>();
    private final Map<Tags, Integer> sagasSeen = new LinkedHashMap<>();
    private Lease lease;
    private long timer;
    private Future<?> running = Future.succeededFuture();

    public OperationsGauges(Pool pool, MeterRegistry registry, Leases leases, Duration interval) {
        this.pool = pool;
        this.leases = leases;
        this.interval = interval;
        this.deadLetters = new LiveSeries(MultiGauge.builder("dead.letters")
                .description("dead letters stored, by agent and status (DEAD, PARKED, REDRIVE); reported by one node")
                .register(registry));
        this.outboxBacklog = new LiveSeries(MultiGauge.builder("outbox.backlog")
                .description("commands in the outbox not yet acknowledged by their receiver; reported by one node")
                .register(registry));
        this.outboxOldest = new LiveSeries(MultiGauge.builder("outbox.oldest.age").baseUnit("seconds")
                .description("age of the oldest command in the outbox, 0 when it is empty; reported by one node")
                .register(registry));
        this.sagasOpen = new LiveSeries(MultiGauge.builder("sagas.open")
                .description("sagas not yet completed, by saga and current step; reported by one node")
                .register(registry));
        this.sagasOldest = new LiveSeries(MultiGauge.builder("sagas.oldest.open.age").baseUnit("seconds")
                .description("age of the oldest saga not yet completed, by saga and current step; reported by one node")
                .register(registry));
        this.lagEvents = new LiveSeries(MultiGauge.builder("subscription.lag.events")
                .description("events after the subscription's checkpoint (counted up to " + LAG_CAP
                        + "); reported by the node holding its lease")
                .register(registry));
        this.lagSeconds = new LiveSeries(MultiGauge.builder("subscription.lag").baseUnit("seconds")
                .description("age of the oldest event after the subscription's checkpoint, 0 at the head; "
                        + "reported by the node holding its lease")
                .register(registry));
    }

    /** Reads {@code metrics.gaugeIntervalMs} (at least 100 ms). */
    public static Duration intervalFrom(JsonObject config) {
        int ms = config.getJsonObject("metrics", new JsonObject()).getInteger("gaugeIntervalMs", 10_000);
        Settings.require(ms >= 100, "metrics.gaugeIntervalMs", ms, "at least 100");
        return Duration.ofMillis(ms);
    }

    @Override
    public Future<?> start() {
        Context owner = context;
        lease = leases.lease(LEASE, LEASE, 1, new Lease.Listener() {
            @Override
            public void acquired() {
            }

            @Override
            public void lost() { // told on the lease context: the gauges' state is this verticle's
                owner.runOnContext(ignored -> clearClusterGauges());
            }
        });
        timer = vertx.setPeriodic(interval.toMillis(), id -> {
            if (running.isComplete()) {
                running = round().onSuccess(done -> health.succeeded()).onFailure(health::failed);
            }
        });
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return running.transform(finished -> leases.release(lease)).onComplete(released -> {
            clearClusterGauges();
            lagEvents.clear();
            lagSeconds.clear();
        });
    }

    private Future<Void> round() {
        Future<Void> cluster = lease.held() ? clusterGauges() : Future.succeededFuture();
        return cluster.compose(done -> subscriptionLag());
    }

    private Future<Void> clusterGauges() {
        return pool.query(DEAD_LETTERS).execute().compose(letters -> {
            Map<Tags, Integer> now = new HashMap<>();
            letters.forEach(row -> now.put(Tags.of("agent", row.getString("agent"), "status", row.getString("status")),
                    row.getInteger("letters")));
            deadLettersSeen.replaceAll((tags, count) -> 0);
            deadLettersSeen.putAll(now);
            return pool.query(OUTBOX).execute();
        }).compose(outbox -> {
            Row row = outbox.iterator().next();
            outboxBacklog.show(row.getInteger("backlog"));
            outboxOldest.show(row.getDouble("oldest"));
            return pool.query(SAGAS).execute();
        }).map(sagas -> {
            Map<Tags, Double> oldest = new HashMap<>();
            sagasSeen.replaceAll((tags, count) -> 0);
            sagas.forEach(row -> {
                Tags tags = Tags.of("saga", row.getString("saga"), "step", row.getString("step"));
                sagasSeen.put(tags, row.getInteger("open"));
                oldest.put(tags, row.getDouble("oldest"));
            });
            if (!lease.held()) { // lost while reading: another node reports them now
                return null;
            }
            deadLetters.show(deadLettersSeen);
            sagasOpen.show(sagasSeen);
            sagasOldest.show(oldest);
            return null;
        });
    }

    private Future<Void> subscriptionLag() {
        String[] held = leases.held().entrySet().stream()
                .filter(entry -> entry.getValue() && entry.getKey().startsWith(Subscription.LEASE_PREFIX))
                .map(entry -> entry.getKey().substring(Subscription.LEASE_PREFIX.length()))
                .toArray(String[]::new);
        if (held.length == 0) {
            lagEvents.clear();
            lagSeconds.clear();
            return Future.succeededFuture();
        }
        return pool.preparedQuery(LAG).execute(Tuple.of(held, LAG_CAP)).map(lags -> {
            Map<Tags, Integer> events = new HashMap<>();
            Map<Tags, Double> seconds = new HashMap<>();
            lags.forEach(row -> {
                Tags tags = Tags.of("subscription", row.getString("subscription"));
                events.put(tags, row.getInteger("events"));
                seconds.put(tags, row.getDouble("seconds"));
            });
            lagEvents.show(events);
            lagSeconds.show(seconds);
            return null;
        });
    }

    private void clearClusterGauges() {
        deadLettersSeen.clear();
        sagasSeen.clear();
        List.of(deadLetters, outboxBacklog, outboxOldest, sagasOpen, sagasOldest).forEach(LiveSeries::clear);
    }
}
