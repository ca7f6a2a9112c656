package dev.domainagents.core.lease;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A node's leases: which node runs each durable consumer (a subscription, a projection, the
 * deadline scheduler, the outbox relay's resends), so that each runs on exactly one node at
 * a time.
 *
 * <p>A lease is a PostgreSQL session advisory lock, keyed by the lease's name, held on one
 * connection of the node's own, named after the node ({@code application_name}) so that
 * {@code pg_locks} shows the holder. PostgreSQL itself ends the lease when that connection
 * ends: at once when the node's process dies, even by SIGKILL (its kernel closes the socket),
 * and within {@link LeaseSettings#deadPeerTimeout} (server-side TCP keepalive) when its host
 * vanishes. Every {@link LeaseSettings#renewInterval} the node checks its connection (a lost
 * one loses every lease, and a new one is opened) and tries for the leases it waits for, so a
 * lease left by a dead node is taken within about the dead-peer timeout plus one interval.
 *
 * <p>Why a lock and not a lease table with heartbeats: the lock needs no clock agreement
 * between nodes and cannot be held past its holder's connection. A lease only decides who
 * works; correctness does not rest on it: each subscription batch still takes its
 * transaction-level lock and moves its checkpoint in the same transaction, so two nodes that
 * both believed they held a lease for a moment still never apply an event twice.
 */
public final class Leases {
    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(hashtextextended('lease:' || $1, 0))";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(hashtextextended('lease:' || $1, 0))";
    private static final String ANNOUNCE = """
            INSERT INTO lease_candidates (lease_group, node) SELECT unnest($1::text[]), $2
            ON CONFLICT (lease_group, node) DO UPDATE SET seen_at = now()
            """;
    private static final String COUNT_CANDIDATES = """
            SELECT lease_group, count(*)::int FROM lease_candidates
             WHERE lease_group = ANY($1::text[]) AND seen_at > now() - $2::bigint * interval '1 millisecond'
             GROUP BY lease_group
            """;

    private final Vertx vertx;
    private final Context context;
    private final Pool pool;
    private final String nodeId;
    private final LeaseSettings settings;
    private final List<Lease> wanted = new CopyOnWriteArrayList<>();
    // the fields below are touched on the context only
    private SqlConnection connection;
    private long timer = -1;
    private boolean renewing;
    private boolean stopped;

    public Leases(Vertx vertx, Pool pool, String nodeId, LeaseSettings settings) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.pool = pool;
        this.nodeId = nodeId;
        this.settings = settings;
    }

    /** Waits for the lease {@code name} from now on, for a consumer that looks at {@link Lease#held} before each round. */
    public Lease lease(String name) {
        return lease(name, name, 1, Lease.Listener.NONE);
    }

    /**
     * Waits for the lease {@code name}, one of the {@code groupSize} segments of {@code group}
     * (a consumer not split: its own group of one), from now on; {@code listener} hears, on this
     * node's lease context, when it is won or lost. Of a split group, a node holds no more than
     * its fair share: the segments divided among the live nodes that want them, rounded up.
     */
    public Lease lease(String name, String group, int groupSize, Lease.Listener listener) {
        Lease lease = new Lease(name, group, groupSize, listener);
        wanted.add(lease);
        context.runOnContext(ignored -> {
            if (timer == -1 && !stopped) {
                timer = vertx.setPeriodic(settings.renewInterval().toMillis(), id -> renew());
            }
            renew();
        });
        return lease;
    }

    /** Gives {@code lease} up (its consumer stops): another node may take it at once. */
    public Future<Void> release(Lease lease) {
        Promise<Void> released = Promise.promise();
        context.runOnContext(ignored -> {
            wanted.remove(lease);
            boolean held = lease.held();
            lease.lost();
            if (!held || connection == null || heldByAnother(lease)) {
                released.complete();
            } else {
                SqlConnection live = connection;
                // compose: a client that already saw its connection close throws instead of failing the future
                Future.succeededFuture().compose(begin -> live.preparedQuery(UNLOCK).execute(Tuple.of(lease.name())))
                        .<Void>mapEmpty().onComplete(released);
            }
        });
        return released.future();
    }

    /** Each lease this node waits for, and whether it holds it. */
    public Map<String, Boolean> held() {
        Map<String, Boolean> held = new TreeMap<>();
        wanted.forEach(lease -> held.merge(lease.name(), lease.held(), Boolean::logicalOr));
        return held;
    }

    /** {@link #held} for {@code GET /admin/agents}: lease name to whether this node holds it. */
    public JsonObject toJson() {
        return new JsonObject(new HashMap<>(held()));
    }

    /** Gives every lease up and closes the lease connection. */
    public Future<Void> stop() {
        Promise<Void> stoppedPromise = Promise.promise();
        context.runOnContext(ignored -> {
            stopped = true;
            vertx.cancelTimer(timer);
            wanted.forEach(Lease::lost);
            wanted.clear();
            if (connection == null) {
                stoppedPromise.complete();
                return;
            }
            SqlConnection closing = connection;
            connection = null;
            Future.succeededFuture()
                    .compose(begin -> closing.preparedQuery("DELETE FROM lease_candidates WHERE node = $1").execute(Tuple.of(nodeId)))
                    .transform(withdrawn -> closing.query("SELECT pg_advisory_unlock_all()").execute())
                    .eventually(closing::close).<Void>mapEmpty().onComplete(stoppedPromise);
        });
        return stoppedPromise.future();
    }

    private void renew() {
        if (renewing || stopped) {
            return;
        }
        renewing = true;
        connected()
                .compose(live -> live.query("SELECT 1").execute().map(live))
                .compose(live -> fairShares(live).compose(shares -> rebalance(live, shares).map(shares))
                        .compose(shares -> tryWaiting(live, shares)))
                .onFailure(this::connectionLost)
                .onComplete(done -> renewing = false);
    }

    private Future<SqlConnection> connected() {
        if (connection != null) {
            return Future.succeededFuture(connection);
        }
        return pool.getConnection().compose(opened -> opened.query(sessionSettings()).execute()
                .map(set -> {
                    connection = opened;
                    opened.closeHandler(closed -> context.runOnContext(ignored -> connectionLost(new LeaseConnectionClosed())));
                    return opened;
                })
                .onFailure(failed -> closeQuietly(opened)));
    }

    /** Names the holder in {@code pg_stat_activity}, and has the server notice a vanished node in time. */
    private String sessionSettings() {
        String applicationName = ("domain-agents lease " + nodeId).replaceAll("[^A-Za-z0-9 ./:_-]", "");
        long idle = Math.max(1, settings.deadPeerTimeout().toSeconds() - 3);
        return "SET application_name = '" + applicationName.substring(0, Math.min(63, applicationName.length())) + "'; "
                + "SET tcp_keepalives_idle = " + idle + "; SET tcp_keepalives_interval = 1; SET tcp_keepalives_count = 3";
    }

    /**
     * Says this node still wants a share of each split group, and answers each group's fair
     * share for this node: its segments divided among the candidates seen lately, rounded up.
     */
    private Future<Map<String, Integer>> fairShares(SqlConnection live) {
        Map<String, Integer> sizes = new TreeMap<>();
        wanted.stream().filter(Lease::split).forEach(lease -> sizes.put(lease.group(), lease.groupSize()));
        if (sizes.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        String[] groups = sizes.keySet().toArray(String[]::new);
        long liveWithinMs = Math.max(3 * settings.renewInterval().toMillis(), 1_500);
        return live.preparedQuery(ANNOUNCE).execute(Tuple.of(groups, nodeId))
                .compose(announced -> live.preparedQuery(COUNT_CANDIDATES).execute(Tuple.of(groups, liveWithinMs)))
                .map(rows -> {
                    Map<String, Integer> shares = new TreeMap<>();
                    rows.forEach(row -> {
                        int size = sizes.get(row.getString(0));
                        shares.put(row.getString(0), (size + row.getInteger(1) - 1) / row.getInteger(1));
                    });
                    return shares;
                });
    }

    /** Gives back the segments held beyond a group's fair share, so that a node that joined gets its part. */
    private Future<Void> rebalance(SqlConnection live, Map<String, Integer> shares) {
        Future<Void> releases = Future.succeededFuture();
        for (Map.Entry<String, Integer> share : shares.entrySet()) {
            List<Lease> held = wanted.stream().filter(lease -> lease.group().equals(share.getKey()) && lease.held())
                    .sorted(java.util.Comparator.comparing(Lease::name)).toList();
            for (Lease extra : held.subList(Math.min(held.size(), share.getValue()), held.size())) {
                releases = releases.compose(previous -> live.preparedQuery(UNLOCK).execute(Tuple.of(extra.name())).map(unlocked -> {
                    LOG.info("lease.released lease={} node={} reason=rebalance fairShare={}", extra.name(), nodeId, share.getValue());
                    extra.lost();
                    return null;
                }));
            }
        }
        return releases;
    }

    private Future<Void> tryWaiting(SqlConnection live, Map<String, Integer> shares) {
        Future<Void> tries = Future.succeededFuture();
        for (Lease lease : wanted) {
            tries = tries.compose(previous -> tryFor(live, lease, shares));
        }
        return tries;
    }

    private Future<Void> tryFor(SqlConnection live, Lease lease, Map<String, Integer> shares) {
        if (lease.held() || stopped || !wanted.contains(lease)) {
            return Future.succeededFuture();
        }
        if (heldByAnother(lease)) { // the session lock is re-entrant: it is taken once per name
            lease.acquired();
            return Future.succeededFuture();
        }
        if (!belowFairShare(lease, shares)) {
            return Future.succeededFuture();
        }
        return live.preparedQuery(TRY_LOCK).execute(Tuple.of(lease.name())).map(rows -> {
            if (rows.iterator().next().getBoolean(0) && wanted.contains(lease) && !stopped) {
                LOG.info("lease.acquired lease={} node={}", lease.name(), nodeId);
                lease.acquired();
            }
            return null;
        });
    }

    /** Checked right before each try, as the one before may have won a segment of the same group. */
    private boolean belowFairShare(Lease lease, Map<String, Integer> shares) {
        if (!lease.split()) {
            return true;
        }
        long held = wanted.stream().filter(other -> other.group().equals(lease.group()) && other.held()).count();
        return held < shares.getOrDefault(lease.group(), lease.groupSize());
    }

    private boolean heldByAnother(Lease lease) {
        return wanted.stream().anyMatch(other -> other != lease && other.name().equals(lease.name()) && other.held());
    }

    private void connectionLost(Throwable failure) {
        if (connection == null) {
            return;
        }
        SqlConnection lost = connection;
        connection = null;
        wanted.stream().filter(Lease::held).forEach(lease -> {
            LOG.warn("lease.lost lease={} node={} reason={}", lease.name(), nodeId, failure.getMessage());
            lease.lost();
        });
        giveBack(lost, failure);
    }

    /**
     * A lease connection that closed, or that the server is ending (a FATAL error), is not given
     * back to the pool: the pool would hand it, dying, to other work of this node, which would
     * fail with it. A live one gives up its locks and session settings first, so no lease stays
     * held by a connection the pool lends to others.
     */
    private static void giveBack(SqlConnection lost, Throwable failure) {
        boolean closing = failure instanceof ClosedConnectionException || failure instanceof SocketException
                || failure instanceof PgException pg && "FATAL".equals(pg.getSeverity())
                || failure instanceof LeaseConnectionClosed;
        if (!closing) {
            Future.succeededFuture()
                    .compose(begin -> lost.query("SELECT pg_advisory_unlock_all(); RESET ALL").execute())
                    .eventually(() -> Future.succeededFuture().compose(begin -> lost.close()));
        }
    }

    /** The lease connection's close handler ran: it is closed already. */
    private static final class LeaseConnectionClosed extends IllegalStateException {
        LeaseConnectionClosed() {
            super("the lease connection closed");
        }
    }

    /** A client that already saw its connection close throws on close too; the connection is closed either way. */
    private static void closeQuietly(SqlConnection closing) {
        Future.succeededFuture().compose(begin -> closing.close());
    }
}
