package dev.domainagents.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedDatabaseTest {
    @TempDir
    Path dataDir;

    @Test
    void devDatabaseKeepsItsDataAcrossARestartAndRunsDurably() throws Exception {
        try (EmbeddedDatabase first = EmbeddedDatabase.start(dataDir, 0)) {
            first.ensureDatabase("domain_agents");
            execute(first, "domain_agents", "CREATE TABLE kept (value TEXT)");
            execute(first, "domain_agents", "INSERT INTO kept VALUES ('survives')");
        }

        try (EmbeddedDatabase second = EmbeddedDatabase.start(dataDir, 0)) {
            second.ensureDatabase("domain_agents");
            assertThat(query(second, "domain_agents", "SELECT value FROM kept")).isEqualTo("survives");
            assertThat(query(second, "postgres", "SHOW fsync")).isEqualTo("on");
            assertThat(query(second, "postgres", "SHOW synchronous_commit")).isEqualTo("on");
            assertThat(query(second, "postgres", "SHOW full_page_writes")).isEqualTo("on");
        }
    }

    /** After a reboot the pid a dead server wrote may belong to another process; PostgreSQL alone then refuses to start. */
    @Test
    void aPidFileLeftBehindNamingAnotherLiveProcessDoesNotStopTheStart() throws Exception {
        try (EmbeddedDatabase first = EmbeddedDatabase.start(dataDir, 0)) {
            execute(first, "postgres", "CREATE TABLE kept (value TEXT)");
            execute(first, "postgres", "INSERT INTO kept VALUES ('survives')");
        }
        Files.writeString(dataDir.resolve(LeftoverServer.PID_FILE), ProcessHandle.current().pid() + "\n" + dataDir + "\n");

        try (EmbeddedDatabase second = EmbeddedDatabase.start(dataDir, 0)) {
            assertThat(query(second, "postgres", "SELECT value FROM kept")).isEqualTo("survives");
        }
    }

    @Test
    void aDirectoryInUseByARunningDatabaseIsRefusedAndItsServerKeepsRunning() throws Exception {
        try (EmbeddedDatabase running = EmbeddedDatabase.start(dataDir, 0)) {
            assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir, 0))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use");
            assertThat(query(running, "postgres", "SELECT 'still serving'")).isEqualTo("still serving");
        }
    }

    private static Connection connect(EmbeddedDatabase database, String name) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + database.port() + "/" + name, "postgres", "postgres");
    }

    private static void execute(EmbeddedDatabase database, String name, String sql) throws SQLException {
        try (Connection connection = connect(database, name); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(EmbeddedDatabase database, String name, String sql) throws SQLException {
        try (Connection connection = connect(database, name); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
