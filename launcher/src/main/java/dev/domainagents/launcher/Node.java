package dev.domainagents.launcher;

import dev.domainagents.core.agent.Agent;
import dev.domainagents.core.agent.AgentModule;
import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.http.AgentDirectory;
import dev.domainagents.core.http.HttpIngress;
import dev.domainagents.core.http.HttpSettings;
import dev.domainagents.core.http.Readiness;
import dev.domainagents.core.message.EnvelopeCodec;
import dev.domainagents.core.outbox.OutboxRelay;
import dev.domainagents.core.store.Databases;
import dev.domainagents.core.store.Migrations;
import dev.domainagents.core.store.PgSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One running process of the platform: its Vert.x, its database (embedded or external),
 * the outbox relay and the agents it was asked for. {@link #start} composes the steps
 * without blocking an event loop; {@link #stop} is called from a shutdown hook or a test.
 */
public final class Node {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    public static final String HTTP = "http";

    private final Vertx vertx;
    private final Readiness readiness;
    private final AgentDirectory directory;
    private final EmbeddedDatabase embedded;
    private final int httpPort;
    private boolean stopped;

    private Node(Vertx vertx, Readiness readiness, AgentDirectory directory, EmbeddedDatabase embedded, int httpPort) {
        this.vertx = vertx;
        this.readiness = readiness;
        this.directory = directory;
        this.embedded = embedded;
        this.httpPort = httpPort;
    }

    /** Starts a node; on failure everything it had started is stopped again. */
    public static Future<Node> start(LaunchOptions options, List<AgentModule> modules, Map<String, String> environment) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        EnvelopeCodec.registerOn(vertx.eventBus());
        Starting starting = new Starting(vertx, options, modules, registry);
        return ConfigLoader.load(vertx, options.configFile(), environment)
                .compose(starting::database)
                .compose(starting::platform)
                .recover(failure -> starting.abandon().transform(ignored -> Future.failedFuture(failure)));
    }

    public int httpPort() {
        return httpPort;
    }

    public List<AgentDirectory.Entry> agents() {
        return directory.entries();
    }

    /**
     * Stops taking work, lets in-flight handlers finish (each verticle's stop), closes the
     * pool and stops the embedded database. Blocks: never call it on an event loop.
     */
    public synchronized void stop(Duration timeout) {
        if (stopped) {
            return;
        }
        stopped = true;
        readiness.markStopping();
        LOG.info("platform.stopping");
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("platform.stop.incomplete reason={}", e.toString());
        }
        closeEmbedded(embedded);
        LOG.info("platform.stopped");
    }

    private static void closeEmbedded(EmbeddedDatabase embedded) {
        if (embedded == null) {
            return;
        }
        try {
            embedded.close();
        } catch (Exception e) {
            LOG.warn("database.embedded.stop.failed reason={}", e.toString());
        }
    }

    /** The state of a start in progress, so a failure can undo what was done. */
    private static final class Starting {
        private final Vertx vertx;
        private final LaunchOptions options;
        private final List<AgentModule> modules;
        private final PrometheusMeterRegistry registry;
        private JsonObject config;
        private EmbeddedDatabase embedded;

        Starting(Vertx vertx, LaunchOptions options, List<AgentModule> modules, PrometheusMeterRegistry registry) {
            this.vertx = vertx;
            this.options = options;
            this.modules = modules;
            this.registry = registry;
        }

        Future<PgSettings> database(JsonObject loaded) {
            config = loaded;
            JsonObject db = config.getJsonObject("db", new JsonObject());
            PgSettings settings = PgSettings.fromJson(db);
            if (!db.getBoolean("embedded", false)) {
                LOG.info("database.external host={} port={} database={}", settings.host(), settings.port(), settings.database());
                return Future.succeededFuture(settings);
            }
            return vertx.executeBlocking(() -> EmbeddedDatabase.start(options.dataDir().resolve("postgres"), settings.port()))
                    .map(started -> {
                        embedded = started;
                        return settings.withPort(started.port());
                    });
        }

        Future<Node> platform(PgSettings database) {
            List<String> migrations = new ArrayList<>(List.of(Migrations.CORE_LOCATION));
            modules.forEach(module -> migrations.addAll(module.migrations()));
            return Migrations.migrate(vertx, database, migrations).compose(applied -> deploy(database));
        }

        private Future<Node> deploy(PgSettings database) {
            Pool pool = Databases.pool(vertx, database);
            OutboxRelay relay = OutboxRelay.fromConfig(pool, config);
            AgentRuntime runtime = AgentRuntime.create(vertx, pool, relay, registry, config);
            Readiness readiness = new Readiness(pool);
            AgentDirectory directory = new AgentDirectory(nodeId());
            HttpSettings http = httpSettings();
            HttpIngress ingress = new HttpIngress(runtime, modules, http, readiness, directory, registry);
            return vertx.deployVerticle(relay)
                    .compose(relayed -> deployAgents(runtime, directory))
                    .compose(agents -> options.wants(HTTP)
                            ? vertx.deployVerticle(ingress).map(id -> ingress.port())
                            : Future.succeededFuture(-1))
                    .map(port -> {
                        readiness.markDeployed();
                        LOG.info("platform.started node={} agents={} httpPort={} database={}:{}/{}", directory.nodeId(),
                                options.agents(), port, database.host(), database.port(), database.database());
                        return new Node(vertx, readiness, directory, embedded, port);
                    });
        }

        private Future<Void> deployAgents(AgentRuntime runtime, AgentDirectory directory) {
            List<Future<String>> deployments = new ArrayList<>();
            for (AgentModule module : modules) {
                if (!options.wants(module.name())) {
                    continue;
                }
                int instances = config.getJsonObject("agents", new JsonObject())
                        .getJsonObject(module.name(), new JsonObject()).getInteger("instances", 1);
                for (var factory : module.agents(runtime)) {
                    for (int i = 0; i < instances; i++) {
                        Agent agent = factory.get();
                        deployments.add(vertx.deployVerticle(agent).onSuccess(id ->
                                directory.add(new AgentDirectory.Entry(agent.name(), agent.kind(), id))));
                    }
                }
            }
            return Future.all(deployments).mapEmpty();
        }

        private HttpSettings httpSettings() {
            HttpSettings configured = HttpSettings.fromJson(config);
            return options.httpPort()
                    .map(port -> new HttpSettings(configured.host(), port, configured.bodyLimitBytes(), configured.adminToken()))
                    .orElse(configured);
        }

        /**
         * Undoes a failed start: stops the embedded database if it was started, then closes
         * Vert.x. Completes once the database is down; it does not wait for the close,
         * whose completion would have to run on the very event loops being closed.
         */
        Future<Void> abandon() {
            return vertx.<Void>executeBlocking(() -> {
                closeEmbedded(embedded);
                return null;
            }).andThen(stopped -> vertx.close());
        }

        private static String nodeId() {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
            return host + "/" + ProcessHandle.current().pid();
        }
    }
}
