package dev.domainagents.launcher;

import dev.domainagents.core.http.AgentDirectory;
import dev.domainagents.core.http.Readiness;
import dev.domainagents.core.lease.Leases;
import dev.domainagents.core.store.PgSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One running process of the platform, as {@link Startup} left it: its Vert.x, pool,
 * verticles and database. {@link #stop} takes it down in the reverse order.
 */
public final class Node {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);

    private final Vertx vertx;
    private final Pool pool;
    private final Leases leases;
    private final Readiness readiness;
    private final AgentDirectory directory;
    private final Deployer.Deployed deployed;
    private final NodeDatabase database;
    private final NodeKafka kafka;
    private boolean stopped;

    Node(Vertx vertx, Pool pool, Leases leases, Readiness readiness, AgentDirectory directory, Deployer.Deployed deployed,
         NodeDatabase database, NodeKafka kafka) {
        this.vertx = vertx;
        this.pool = pool;
        this.leases = leases;
        this.readiness = readiness;
        this.directory = directory;
        this.deployed = deployed;
        this.database = database;
        this.kafka = kafka;
    }

    /** The port the HTTP ingress listens on, or -1 if this node runs none. */
    public int httpPort() {
        return deployed.httpPort();
    }

    public List<AgentDirectory.Entry> agents() {
        return directory.entries();
    }

    public PgSettings database() {
        return database.settings();
    }

    /** The Kafka bridge's brokers ({@code host:port,...}), or empty when the bridge is off. */
    public Optional<String> kafkaBootstrapServers() {
        return kafka.settings().configured() ? Optional.of(kafka.settings().bootstrapServers()) : Optional.empty();
    }

    /**
     * Stops taking work (readiness down, then the HTTP ingress and the Kafka command ingress),
     * lets in-flight handlers finish (each agent's stop), stops the outbox relay, closes the pool
     * and Vert.x, then stops the embedded Kafka broker and the embedded database. Blocks, at most about {@code timeout} before the database stops: never
     * call it on an event loop. Answers whether every step finished in time.
     */
    public synchronized boolean stop(Duration timeout) {
        if (stopped) {
            return true;
        }
        stopped = true;
        readiness.markStopping();
        LOG.info("platform.stopping node={}", directory.nodeId());
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean clean = finished("undeploy", undeployAll(), deadline) & finished("vertx.close", vertx.close(), deadline);
        kafka.close();
        database.close();
        LOG.info("platform.stopped node={} clean={}", directory.nodeId(), clean);
        return clean;
    }

    private Future<Void> undeployAll() {
        Future<Void> http = deployed.http().map(vertx::undeploy).orElse(Future.succeededFuture());
        return http
                .eventually(() -> deployed.commandIngress().map(vertx::undeploy).orElse(Future.succeededFuture()))
                .eventually(() -> Future.join(deployed.agents().stream().map(vertx::undeploy).toList()))
                .eventually(this::undeployServices)
                .eventually(leases::stop)
                .eventually(pool::close);
    }

    /** The node's services, the last deployed first: the outbox relay goes last, after everything that writes to the outbox. */
    private Future<Void> undeployServices() {
        Future<Void> undeployed = Future.succeededFuture();
        List<String> services = deployed.services();
        for (int i = services.size() - 1; i >= 0; i--) {
            String id = services.get(i);
            undeployed = undeployed.eventually(() -> vertx.undeploy(id));
        }
        return undeployed;
    }

    private static boolean finished(String step, Future<?> future, long deadline) {
        try {
            Waiting.await(future, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            return true;
        } catch (Exception e) {
            LOG.warn("platform.stop.incomplete step={} reason={}", step, e.toString());
            return false;
        }
    }
}
