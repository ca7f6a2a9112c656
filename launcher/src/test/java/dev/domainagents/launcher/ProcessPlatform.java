package dev.domainagents.launcher;

import dev.domainagents.core.store.PgSettings;
import dev.domainagents.core.testkit.HttpClientForTests;
import dev.domainagents.core.testkit.TestPlatform;
import dev.domainagents.core.testkit.TestPostgres;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A node in a JVM of its own ({@link LauncherProcess}) on a fresh database of the shared test
 * PostgreSQL, with {@code config} layered over the test profile; {@link #query} reads that
 * database for assertions. The out-of-process twin of {@link LaunchedPlatform}.
 */
final class ProcessPlatform implements AutoCloseable {
    private final Path dir;
    private final JsonObject config;
    private final DatabaseForTests sql;
    private LauncherProcess node;

    private ProcessPlatform(Path dir, JsonObject config, PgSettings database) {
        this.dir = dir;
        this.config = config;
        this.sql = new DatabaseForTests(database);
    }

    static ProcessPlatform start(Path dir, JsonObject config, String... args) throws Exception {
        PgSettings database = TestPostgres.freshDatabase();
        JsonObject layered = TestPlatform.testConfig().mergeIn(config, true).put("db", LaunchedPlatform.databaseConfig(database));
        ProcessPlatform platform = new ProcessPlatform(dir, layered, database);
        try {
            platform.startNode(args);
            return platform;
        } catch (Exception | AssertionError e) {
            platform.close();
            throw e;
        }
    }

    /** Stops the node (SIGTERM) and starts a new one on the same directory and database, with {@code args}. */
    void restart(String... args) throws Exception {
        node.terminate();
        startNode(args);
    }

    private void startNode(String... args) throws Exception {
        boolean http = Arrays.stream(args).filter(arg -> arg.startsWith("--agents=")).allMatch(arg -> arg.contains("http"));
        node = http ? LauncherProcess.of(dir, config, args) : LauncherProcess.withoutHttp(dir, config, args);
        node.start();
    }

    HttpClientForTests http() {
        return node.http();
    }

    List<Row> query(String statement) {
        return sql.query(statement);
    }

    long count(String statement) {
        return sql.count(statement);
    }

    @Override
    public void close() throws Exception {
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            sql.close();
        }
    }
}
