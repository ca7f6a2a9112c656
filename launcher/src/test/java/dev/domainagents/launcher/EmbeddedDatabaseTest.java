package dev.domainagents.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

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
