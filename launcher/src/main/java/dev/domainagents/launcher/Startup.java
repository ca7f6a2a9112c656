package dev.domainagents.launcher;

import dev.domainagents.core.agent.AgentModule;
import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.chaos.ChaosDelivery;
import dev.domainagents.core.delivery.InboxPruner;
import dev.domainagents.core.delivery.InboxSettings;
import dev.domainagents.core.http.AgentDirectory;
import dev.domainagents.core.http.ClusterDirectory;
import dev.domainagents.core.http.HttpIngress;
import dev.domainagents.core.http.Readiness;
import dev.domainagents.core.lease.LeaseSettings;
import dev.domainagents.core.lease.Leases;
import dev.domainagents.core.message.EnvelopeCodec;
import dev.domainagents.core.metrics.OperationsGauges;
import dev.domainagents.core.metrics.PrometheusRegistry;
import dev.domainagents.core.outbox.OutboxRelay;
import dev.domainagents.core.saga.DeadlineScheduler;
import dev.domainagents.core.store.Databases;
import dev.domainagents.core.store.Migrations;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts a node: Vert.x with Prometheus metrics (and, if configured for a chaos run, the faults of
 * {@link ChaosDelivery} on its bus), the configuration, the database (embedded or
 * external), the migrations of every module, the embedded Kafka broker if asked, the agent
 * runtime, then the verticles
 * ({@link Deployer}). The steps are composed futures, blocking ones on worker threads; only
 * the caller of {@link #run} waits. A start that fails undoes what it had started (Vert.x
 * closed, embedded database stopped) before {@link #run} throws.
 */
final class Startup {
    private static final Logger LOG = LoggerFactory.getLogger(Startup.class);
    private static final Duration CLEANUP_TIMEOUT = Duration.ofSeconds(30);

    private final LaunchOptions options;
    private final List<AgentModule> modules;
    private final Map<String, String> environment;
    private final Object lock = new Object();
    /** What the start opened (the database, then the broker), for the cleanup; guarded by {@link #lock}. */
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private boolean abandoned;

    Startup(LaunchOptions options, List<AgentModule> modules, Map<String, String> environment) {
        this.options = options;
        this.modules = List.copyOf(modules);
        this.environment = Map.copyOf(environment);
    }

    /** Blocks the calling thread, never an event loop, until the node runs; throws why it could not start. */
    Node run(Duration timeout) throws Exception {
        LaunchSettings settings = loadSettings(timeout);
        PrometheusMeterRegistry registry = PrometheusRegistry.create();
        Optional<HazelcastClusterManager> clusterManager = settings.cluster().enabled()
                ? Optional.of(new HazelcastClusterManager(ClusterManagerConfig.hazelcast(settings.cluster())))
                : Optional.empty();
        Vertx vertx = Waiting.await(meteredVertx(registry, settings, clusterManager), timeout);
        EnvelopeCodec.registerOn(vertx.eventBus());
        ChaosDelivery.installOn(vertx, settings.chaos(), registry);
        String nodeId = nodeId();
        ClusterDirectory.Members members = clusterManager
                .map(manager -> new ClusterDirectory.Members(manager.getNodeId(), manager::getNodes))
                .orElseGet(ClusterDirectory.Members::alone);
        try {
            return Waiting.await(start(vertx, registry, nodeId, members, settings), timeout);
        } catch (Exception e) {
            abandon(vertx);
            throw e;
        }
    }

    /** Reads the configuration with a Vert.x of its own, since the node's Vert.x is built from it. */
    private LaunchSettings loadSettings(Duration timeout) throws Exception {
        Vertx bootstrap = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        try {
            return Waiting.await(ConfigLoader.load(bootstrap, options.config(), environment, options.configOverrides())
                    .map(LaunchSettings::from), timeout);
        } finally {
            Waiting.await(bootstrap.close(), timeout);
        }
    }

    private Future<Node> start(Vertx vertx, PrometheusMeterRegistry registry, String nodeId, ClusterDirectory.Members members,
                               LaunchSettings settings) {
        return vertx.executeBlocking(() -> adopt(NodeDatabase.open(settings.database(), options.dataDir()), "the database"))
                .compose(opened -> Migrations.migrate(vertx, opened.settings(), migrationLocations()).map(opened)
                        .recover(failure -> Future.failedFuture(StartFailure.of("cannot migrate the database at "
                                + opened.describe(), failure))))
                .compose(opened -> vertx.executeBlocking(() -> adopt(NodeKafka.open(settings.kafka(), options.dataDir()), "Kafka"))
                        .compose(broker -> deploy(vertx, registry, nodeId, members, settings, opened, broker)));
    }

    private Future<Node> deploy(Vertx vertx, PrometheusMeterRegistry registry, String nodeId, ClusterDirectory.Members members,
                                LaunchSettings settings, NodeDatabase opened, NodeKafka broker) {
        Pool pool = Databases.pool(vertx, opened.settings());
        Leases leases = new Leases(vertx, pool, nodeId, LeaseSettings.fromJson(settings.json()));
        OutboxRelay relay = OutboxRelay.fromConfig(pool, settings.json(), leases);
        AgentRuntime runtime = AgentRuntime.create(vertx, pool, relay, leases, registry, settings.json());
        Readiness readiness = new Readiness(pool);
        AgentDirectory directory = new AgentDirectory(nodeId);
        ClusterDirectory cluster = new ClusterDirectory(directory, runtime.metrics(), runtime.leases(), members);
        HttpIngress ingress = new HttpIngress(runtime, modules, settings.http(), readiness, directory, cluster, registry);
        DeadlineScheduler deadlines = DeadlineScheduler.fromConfig(pool, runtime.events(), runtime.clock(), settings.json(), leases);
        InboxPruner pruner = new InboxPruner(pool, InboxSettings.fromJson(settings.json()), leases);
        OperationsGauges gauges = new OperationsGauges(pool, registry, leases, OperationsGauges.intervalFrom(settings.json()));
        // every node, with HTTP or not, answers the cluster-wide GET /admin/agents of the nodes that serve it
        return cluster.answerOnTheBus(vertx)
                .compose(answering -> ManagementPort.listen(vertx, ManagementSettings.fromJson(settings.json()), readiness, nodeId,
                        registry))
                .compose(listening -> new Deployer(vertx, modules, options, settings)
                .deploy(List.of(relay, deadlines, pruner, gauges), runtime, ingress, directory, broker.settings())).map(deployed -> {
            readiness.markDeployed();
            LOG.info("platform.started node={} agents={} httpPort={} database={} kafka={}", nodeId,
                    String.join(",", options.agents()), deployed.httpPort(), opened.describe(),
                    broker.settings().configured() ? broker.settings().bootstrapServers() : "off");
            return new Node(vertx, pool, leases, readiness, directory, deployed, opened, broker);
        });
    }

    /** Every module's migrations, deployed here or not: all nodes share one database. */
    private List<String> migrationLocations() {
        List<String> locations = new ArrayList<>(List.of(Migrations.CORE_LOCATION));
        modules.forEach(module -> locations.addAll(module.migrations()));
        return locations;
    }

    /** Keeps what a step started for the cleanup, or stops it at once if the start was already given up. */
    private <T extends AutoCloseable> T adopt(T started, String what) throws Exception {
        synchronized (lock) {
            if (abandoned) {
                started.close();
                throw new IllegalStateException("the start was given up while " + what + " started");
            }
            opened.push(started);
            return started;
        }
    }

    private void abandon(Vertx vertx) {
        try {
            Waiting.await(vertx.close(), CLEANUP_TIMEOUT);
        } catch (Exception e) {
            LOG.warn("platform.start.cleanup.incomplete step=vertx.close reason={}", e.toString());
        }
        synchronized (lock) {
            abandoned = true;
            while (!opened.isEmpty()) { // the last opened first
                try {
                    opened.pop().close();
                } catch (Exception e) {
                    LOG.warn("platform.start.cleanup.incomplete step=close reason={}", e.toString());
                }
            }
        }
    }

    /**
     * A registry name of its own: vertx-micrometer shares one backend per name across the JVM.
     * Clustered, the event bus listens on the cluster host (a free port: Hazelcast tells the
     * other nodes where), and the future completes once this node joined the cluster.
     */
    private static Future<Vertx> meteredVertx(PrometheusMeterRegistry registry, LaunchSettings settings,
                                              Optional<HazelcastClusterManager> clusterManager) {
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
                .setRegistryName("domain-agents-" + UUID.randomUUID());
        VertxOptions options = new VertxOptions().setMetricsOptions(metrics).setEventLoopPoolSize(settings.eventLoops());
        ClusterSettings cluster = settings.cluster();
        if (clusterManager.isEmpty()) {
            return Future.succeededFuture(Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build());
        }
        options.getEventBusOptions().setHost(cluster.host()).setPort(0);
        LOG.info("cluster.joining host={} port={} members={}", cluster.host(), cluster.port(), cluster.members());
        return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry))
                .withClusterManager(clusterManager.get())
                .buildClustered()
                .recover(failure -> Future.failedFuture(new IllegalStateException("cannot join the cluster on "
                        + cluster.host() + ":" + cluster.port() + ": " + failure.getMessage(), failure)));
    }

    private static String nodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "/" + ProcessHandle.current().pid();
    }
}
