package dev.domainagents.launcher;

import ch.qos.logback.classic.Level;
import dev.domainagents.core.store.PgSettings;
import dev.domainagents.core.testkit.TestPlatform;
import dev.domainagents.core.testkit.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start that cannot complete, run as the launcher's process runs it: it stops before it takes a
 * lease or seeds anything, undoes what it began, exits 1 and says why in one line on standard
 * error, its stack trace only with {@code --verbose}.
 */
class StartFailureTest {
    @TempDir
    Path temp;

    private record Outcome(int exitCode, String err) {
        List<String> lines() {
            return err.lines().toList();
        }
    }

    @Test
    void aTakenHttpPortStopsTheStartBeforeAnyLeaseOrSeedWithOneLine() throws Exception {
        PgSettings database = TestPostgres.freshDatabase();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"));
             CapturedLogs logs = CapturedLogs.capture(Level.INFO, "dev.domainagents");
             DatabaseForTests sql = new DatabaseForTests(database)) {
            Outcome outcome = launch("--agents=http,stock", "--http-port=" + taken.getLocalPort(), "--config=" + seeding(database));

            assertThat(outcome.exitCode()).isEqualTo(1);
            assertThat(outcome.lines()).singleElement().asString()
                    .startsWith("Could not start: the HTTP ingress cannot listen on ")
                    .contains(":" + taken.getLocalPort() + ": ", "in use");
            assertNothingTakenOrSeeded(logs, sql);
        }
    }

    @Test
    void aTakenManagementPortStopsTheStartBeforeAnyLeaseOrSeedWithOneLine() throws Exception {
        PgSettings database = TestPostgres.freshDatabase();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             CapturedLogs logs = CapturedLogs.capture(Level.INFO, "dev.domainagents");
             DatabaseForTests sql = new DatabaseForTests(database)) {
            Outcome outcome = launch("--agents=stock", "--management-port=" + taken.getLocalPort(), "--config=" + seeding(database));

            assertThat(outcome.exitCode()).isEqualTo(1);
            assertThat(outcome.lines()).singleElement().asString()
                    .isEqualTo("Could not start: the management port cannot listen on 127.0.0.1:" + taken.getLocalPort()
                            + ": Address already in use");
            assertNothingTakenOrSeeded(logs, sql);
        }
    }

    @Test
    void anUnreachableDatabaseStopsTheStartWithOneLineNamingIt() throws Exception {
        int closed = LauncherProcess.freePort();

        Outcome outcome = launch("--agents=stock", "--config=" + config(unreachable(closed)));

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.lines()).singleElement().asString()
                .isEqualTo("Could not start: cannot migrate the database at external 127.0.0.1:" + closed + "/postgres: Connection refused");
    }

    @Test
    void verbosePrintsTheStackTraceAfterTheLine() throws Exception {
        int closed = LauncherProcess.freePort();

        Outcome outcome = launch("--agents=stock", "--verbose", "--config=" + config(unreachable(closed)));

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.lines().get(0)).startsWith("Could not start: cannot migrate the database at external 127.0.0.1:" + closed);
        assertThat(outcome.err()).contains("\tat ", "Caused by: ");
    }

    @Test
    void aDataDirectoryInUseStopsTheStartWithOneLineAndLeavesTheNodeThatOwnsItRunning() throws Exception {
        JsonObject embedded = new JsonObject().put("db", new JsonObject().put("embedded", true).put("port", 0));
        try (LaunchedPlatform owner = LaunchedPlatform.startWithOwnDatabase(temp, new JsonObject(), "--agents=http")) {
            Outcome outcome = launch("--agents=stock", "--data-dir=" + temp.resolve("data"), "--config=" + config(embedded));

            assertThat(outcome.exitCode()).isEqualTo(1);
            assertThat(outcome.lines()).singleElement().asString()
                    .startsWith("Could not start: the database directory ").contains(" is in use by ");
            assertThat(owner.http().get("/ready").status()).as("the owner's database is not the failed start's to stop").isEqualTo(200);
        }
    }

    private static void assertNothingTakenOrSeeded(CapturedLogs logs, DatabaseForTests sql) {
        assertThat(logs.linesContaining("lease.acquired")).as("leases taken by the failed start").isEmpty();
        assertThat(logs.linesContaining("stock.seeded")).isEmpty();
        assertThat(sql.count("SELECT count(*) FROM events")).as("events the failed start wrote").isZero();
        assertThat(sql.count("SELECT count(*) FROM lease_candidates")).isZero();
    }

    private Outcome launch(String... args) {
        StringWriter err = new StringWriter();
        PrintWriter writer = new PrintWriter(err, true);
        int code = Main.commandLine(LaunchedPlatform.MODULES,
                options -> new ProcessLifecycle(LaunchedPlatform.MODULES, Map.of(), writer).run(options)).execute(args);
        writer.flush();
        return new Outcome(code, err.toString());
    }

    /** The test profile on {@code database}, with a stock seed that a start reaching its agents would write. */
    private Path seeding(PgSettings database) throws IOException {
        return config(new JsonObject().put("db", LaunchedPlatform.databaseConfig(database))
                .put("stock", new JsonObject().put("seed", new JsonArray().add(new JsonObject().put("sku", "SEED-1").put("available", 5)))));
    }

    private static JsonObject unreachable(int port) {
        return new JsonObject().put("db", new JsonObject().put("embedded", false).put("host", "127.0.0.1").put("port", port));
    }

    private Path config(JsonObject over) throws IOException {
        Path file = temp.resolve("config-" + System.nanoTime() + ".json");
        Files.writeString(file, TestPlatform.testConfig().mergeIn(over, true).encode());
        return file;
    }
}
