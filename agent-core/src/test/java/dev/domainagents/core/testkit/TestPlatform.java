package dev.domainagents.core.testkit;

import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.chaos.ChaosDelivery;
import dev.domainagents.core.chaos.ChaosSettings;
import dev.domainagents.core.lease.LeaseSettings;
import dev.domainagents.core.lease.Leases;
import dev.domainagents.core.message.EnvelopeCodec;
import dev.domainagents.core.outbox.OutboxRelay;
import dev.domainagents.core.store.Databases;
import dev.domainagents.core.store.Migrations;
import dev.domainagents.core.store.PgSettings;
import dev.domainagents.core.agent.AgentModule;
import dev.domainagents.core.http.AgentDirectory;
import dev.domainagents.core.http.HttpIngress;
import dev.domainagents.core.http.HttpSettings;
import dev.domainagents.core.http.Readiness;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real platform for a test: its own Vert.x, a fresh database on the shared embedded
 * PostgreSQL (migrated), the outbox relay deployed, and an {@link AgentRuntime} with short
 * test delays. Tests drive it through the bus or SQL, as a user's code would.
 */
public final class TestPlatform implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The test configuration of the config module: short delays so retries, polls and resends happen within a test's patience. */
    public static JsonObject testConfig() {
        try (var in = TestPlatform.class.getClassLoader().getResourceAsStream("config/test.json")) {
            if (in == null) {
                throw new IllegalStateException("config/test.json is missing from the test classpath");
            }
            return new JsonObject(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private final Vertx vertx;
    private final PgSettings database;
    private final Pool pool;
    private final AgentRuntime runtime;
    private final List<String> deployments = new ArrayList<>();
    private final List<TestPlatform> otherNodes = new ArrayList<>();
    private boolean crashed;

    private TestPlatform(Vertx vertx, PgSettings database, Pool pool, AgentRuntime runtime) {
        this.vertx = vertx;
        this.database = database;
        this.pool = pool;
        this.runtime = runtime;
    }

    public static TestPlatform start() {
        return start(testConfig(), List.of());
    }

    /**
     * Starts on a fresh database with {@code config} and the extra Flyway {@code migrations} of a module;
     * a {@code chaos} section in {@code config} puts {@link ChaosDelivery} on the bus.
     */
    public static TestPlatform start(JsonObject config, List<String> migrations) {
        PgSettings database = TestPostgres.freshDatabase();
        List<String> locations = new ArrayList<>(List.of(Migrations.CORE_LOCATION));
        locations.addAll(migrations);
        return onDatabase(database, config, "test-node-" + database.database(), locations);
    }

    /**
     * Another node on this platform's database, as a second process would be: its own Vert.x,
     * pool, runtime and leases (not clustered: nodes meet only in PostgreSQL). Closing this
     * platform closes it first.
     */
    public TestPlatform anotherNode(JsonObject config, String nodeId) {
        TestPlatform node = onDatabase(database, config, nodeId, List.of());
        otherNodes.add(node);
        return node;
    }

    /** A node on {@code database}, after running the {@code migrations} (none: the database is ready). */
    private static TestPlatform onDatabase(PgSettings database, JsonObject config, String nodeId, List<String> migrations) {
        Vertx vertx = Vertx.vertx();
        EnvelopeCodec.registerOn(vertx.eventBus());
        if (!migrations.isEmpty()) {
            await(Migrations.migrate(vertx, database, migrations));
        }
        PrometheusMeterRegistry registry = dev.domainagents.core.metrics.PrometheusRegistry.create();
        ChaosDelivery.installOn(vertx, ChaosSettings.fromJson(config), registry);
        Pool pool = Databases.pool(vertx, database);
        Leases leases = new Leases(vertx, pool, nodeId, LeaseSettings.fromJson(config));
        OutboxRelay relay = OutboxRelay.fromConfig(pool, config, leases);
        AgentRuntime runtime = AgentRuntime.create(vertx, pool, relay, leases, registry, config);
        TestPlatform platform = new TestPlatform(vertx, database, pool, runtime);
        platform.deploy(relay);
        return platform;
    }

    /** Deploys a verticle and waits until it started; answers its deployment id. */
    public String deploy(Deployable verticle) {
        String id = await(vertx.deployVerticle(verticle));
        deployments.add(id);
        return id;
    }

    /**
     * Serves the HTTP ingress with the routes of {@code modules} on a free port, agents
     * marked deployed; answers the base URL, e.g. {@code http://127.0.0.1:41234}.
     */
    public String serveHttp(List<AgentModule> modules, String adminToken) {
        return serveHttpWith(modules, new HttpSettings("127.0.0.1", 0, 64 * 1024, 1024, adminToken));
    }

    /** As {@link #serveHttp(List, String)}, with {@code settings} (the host must be 127.0.0.1). */
    public String serveHttpWith(List<AgentModule> modules, HttpSettings settings) {
        Readiness readiness = new Readiness(pool);
        HttpIngress ingress = new HttpIngress(runtime, modules, settings,
                readiness, new AgentDirectory("test-node"), (PrometheusMeterRegistry) runtime.metrics().registry());
        deploy(ingress);
        readiness.markDeployed();
        return "http://127.0.0.1:" + ingress.port();
    }

    public void undeploy(String deploymentId) {
        await(vertx.undeploy(deploymentId));
        deployments.remove(deploymentId);
    }

    public Vertx vertx() {
        return vertx;
    }

    public Pool pool() {
        return pool;
    }

    public AgentRuntime runtime() {
        return runtime;
    }

    public PgSettings database() {
        return database;
    }

    /** Runs a query and answers its rows; for assertions on what was stored. */
    public List<Row> query(String sql) {
        List<Row> rows = new ArrayList<>();
        await(pool.query(sql).execute()).forEach(rows::add);
        return rows;
    }

    public long count(String sql) {
        return query(sql).get(0).getLong(0);
    }

    /** Waits, on the test thread (never an event loop), for a future of the platform. */
    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for a future that must fail; answers its failure. */
    public static Throwable awaitFailure(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("expected the future to fail, but it succeeded");
    }

    /**
     * Ends this node as a killed process ends: its database connections drop first (PostgreSQL
     * ends its sessions, and with them its leases), then its Vert.x closes; nothing finishes.
     */
    public void crash() {
        crashed = true;
        try {
            await(pool.close());
        } finally {
            await(vertx.close());
        }
    }

    @Override
    /**
     * Closes the {@link #anotherNode other nodes}, then stops the verticles newest first (each lets
     * its work in progress finish), then the pool, then Vert.x: as a node stops, so no verticle
     * works on against a closed pool while Vert.x closes.
     */
    public void close() {
        otherNodes.forEach(TestPlatform::close);
        if (crashed) {
            return;
        }
        try {
            List<String> newestFirst = new ArrayList<>(deployments);
            java.util.Collections.reverse(newestFirst);
            newestFirst.forEach(this::undeploy);
            await(runtime.leases().stop());
            await(pool.close());
        } finally {
            await(vertx.close());
        }
    }
}
