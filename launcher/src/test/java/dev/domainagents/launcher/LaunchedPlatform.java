package dev.domainagents.launcher;

import dev.domainagents.core.agent.AgentModule;
import dev.domainagents.core.store.PgSettings;
import dev.domainagents.core.testkit.HttpClientForTests;
import dev.domainagents.core.testkit.TestPlatform;
import dev.domainagents.core.testkit.TestPostgres;
import dev.domainagents.core.testkit.HttpClientForTests.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node started in this JVM exactly as the command line would start it, on a fresh database
 * of the shared test PostgreSQL (or on an embedded PostgreSQL of its own, which a test may stop),
 * with HTTP on a free port. {@link #restart} stops the node and starts a new one on the same
 * database; {@link #query} reads that database for assertions.
 */
public final class LaunchedPlatform implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofMinutes(2);
    static final List<AgentModule> MODULES =
            ServiceLoader.load(AgentModule.class).stream().map(ServiceLoader.Provider::get).toList();

    private final List<String> args;
    private final Map<String, String> environment;
    private final DatabaseForTests sql;
    private Node node;
    private HttpClientForTests http;

    /** Starts the node; {@code database} is where it works, or empty when the node starts its own. */
    private LaunchedPlatform(List<String> args, Map<String, String> environment, Optional<PgSettings> database) throws Exception {
        this.args = new ArrayList<>(args);
        this.environment = Map.copyOf(environment);
        startNode();
        this.sql = new DatabaseForTests(database.orElseGet(node::database));
    }

    /** Starts a node with {@code args} (e.g. {@code --agents=...}) and {@code config} layered over the test profile. */
    public static LaunchedPlatform start(Path dir, JsonObject config, String... args) throws Exception {
        return start(dir, config, Map.of(), args);
    }

    /** As {@link #start(Path, JsonObject, String...)}, with {@code environment} as the node's environment variables. */
    public static LaunchedPlatform start(Path dir, JsonObject config, Map<String, String> environment, String... args)
            throws Exception {
        PgSettings database = TestPostgres.freshDatabase();
        Path file = dir.resolve("config-" + System.nanoTime() + ".json");
        Files.writeString(file, TestPlatform.testConfig().mergeIn(config, true).put("db", databaseConfig(database)).encode());
        List<String> all = new ArrayList<>(List.of("--config=" + file, "--http-port=0"));
        all.addAll(List.of(args));
        return new LaunchedPlatform(all, environment, Optional.of(database));
    }

    /**
     * Like {@link #start}, but the node starts an embedded PostgreSQL of its own, its data in
     * {@link #ownDatabaseDir}{@code (dir)}, so a test may stop and restart that server
     * ({@link dev.domainagents.core.testkit.PostgresServerControl}) without touching the shared one.
     */
    public static LaunchedPlatform startWithOwnDatabase(Path dir, JsonObject config, String... args) throws Exception {
        Path file = dir.resolve("config-" + System.nanoTime() + ".json");
        JsonObject embedded = new JsonObject().put("embedded", true).put("port", 0);
        Files.writeString(file, TestPlatform.testConfig().mergeIn(config, true)
                .mergeIn(new JsonObject().put("db", embedded), true).encode());
        List<String> all = new ArrayList<>(List.of("--config=" + file, "--http-port=0", "--data-dir=" + dir.resolve("data")));
        all.addAll(List.of(args));
        return new LaunchedPlatform(all, Map.of(), Optional.empty());
    }

    /** Where the embedded PostgreSQL of a platform started with {@link #startWithOwnDatabase} keeps its data. */
    public static Path ownDatabaseDir(Path dir) {
        return dir.resolve("data").resolve("postgres");
    }

    /** Parses {@code args} as the launcher does, then starts that node here. */
    static Node startNode(List<String> args) throws Exception {
        return startNode(args, Map.of());
    }

    static Node startNode(List<String> args, Map<String, String> environment) throws Exception {
        AtomicReference<LaunchOptions> options = new AtomicReference<>();
        int code = Main.commandLine(MODULES, parsed -> {
            options.set(parsed);
            return 0;
        }).execute(args.toArray(String[]::new));
        assertThat(code).isZero();
        return new Startup(options.get(), MODULES, environment).run(TIMEOUT);
    }

    static JsonObject databaseConfig(PgSettings database) {
        return new JsonObject().put("embedded", false).put("host", database.host()).put("port", database.port())
                .put("database", database.database()).put("user", database.user()).put("password", database.password())
                .put("poolSize", 8);
    }

    public HttpClientForTests http() {
        return http;
    }

    public Node node() {
        return node;
    }

    /** Stops the node (as SIGTERM would) and starts a new one on the same database, with {@code otherArgs} added. */
    void restart(String... otherArgs) throws Exception {
        assertThat(node.stop(TIMEOUT)).isTrue();
        args.addAll(List.of(otherArgs));
        startNode();
    }

    /** Sets a SKU's stock over {@code PUT /stock/{sku}}, asserting it was taken. */
    void setStock(String sku, int available) {
        assertThat(http.put("/stock/" + sku, new JsonObject().put("available", available).encode(),
                "Content-Type", "application/json").status()).isEqualTo(200);
    }

    /** Places an order of {@code quantity} of {@code sku} paid with {@code card-ok}; answers its id once accepted. */
    String placeOrder(String sku, int quantity) {
        String order = new JsonObject().put("customerId", "c-test").put("paymentMethod", "card-ok")
                .put("items", new JsonArray().add(new JsonObject().put("sku", sku).put("quantity", quantity).put("unitPrice", "4.00")))
                .encode();
        Response placed = http.post("/orders", order, "Content-Type", "application/json");
        assertThat(placed.status()).isEqualTo(202);
        return placed.json().getString("orderId");
    }

    /** The order's status as {@code GET /orders/{id}} answers it. */
    String orderStatus(String orderId) {
        return http.get("/orders/" + orderId).json().getString("status");
    }

    List<Row> query(String statement) {
        return sql.query(statement);
    }

    long count(String statement) {
        return sql.count(statement);
    }

    private void startNode() throws Exception {
        node = startNode(args, environment);
        http = new HttpClientForTests("http://127.0.0.1:" + node.httpPort());
    }

    @Override
    public void close() {
        node.stop(TIMEOUT);
        sql.close();
    }
}
