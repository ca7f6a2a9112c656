package dev.domainagents.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dev launch's PostgreSQL: a real server from Maven Central (zonky), its data kept in a
 * directory of its own across restarts. Unlike zonky's defaults, made for throwaway test
 * databases, it runs with PostgreSQL's durable settings, because it holds a user's data:
 * {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on. It checks them
 * on the running server and refuses to start without them. What a killed node left running
 * on the directory is cleared first ({@link LeftoverServer}). Starting and stopping block:
 * call them off the event loops.
 */
final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    static final List<String> DURABLE_SETTINGS = List.of("fsync", "synchronous_commit", "full_page_writes");
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /** Starts on {@code port} (0: any free port) with data under {@code dataDir}, initialising it on first use. */
    static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        LeftoverServer.clear(dataDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(STARTUP_WAIT)
                .setServerConfig("max_connections", "300");
        DURABLE_SETTINGS.forEach(setting -> builder.setServerConfig(setting, "on"));
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedDatabase database = new EmbeddedDatabase(builder.start(), dataDir);
        try {
            Map<String, String> settings = database.durability();
            LOG.info("database.embedded.started port={} dataDir={} {}", database.port(), dataDir.toAbsolutePath(),
                    String.join(" ", settings.entrySet().stream().map(Map.Entry::toString).toList()));
            if (settings.values().stream().anyMatch(value -> !"on".equals(value))) {
                throw new IllegalStateException("embedded PostgreSQL runs without its durable settings: " + settings);
            }
            return database;
        } catch (SQLException e) {
            database.close();
            throw new IOException("cannot check the embedded PostgreSQL's settings", e);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    int port() {
        return postgres.getPort();
    }

    /** What the running server reports for each of {@link #DURABLE_SETTINGS}. */
    Map<String, String> durability() throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement show = connection.prepareStatement("SELECT current_setting(?)")) {
            for (String setting : DURABLE_SETTINGS) {
                show.setString(1, setting);
                try (ResultSet row = show.executeQuery()) {
                    row.next();
                    settings.put(setting, row.getString(1));
                }
            }
        }
        return settings;
    }

    /** Creates {@code name} unless it exists; the server starts with only {@code postgres}. */
    void ensureDatabase(String name) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet row = exists.executeQuery(); Statement create = connection.createStatement()) {
                if (!row.next()) {
                    // a database name is an identifier, which PostgreSQL cannot take as a parameter: it is
                    // quoted, every '"' in it doubled, so whatever db.database holds stays one name
                    create.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
                    LOG.info("database.embedded.created database={}", name);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
        LOG.info("database.embedded.stopped dataDir={}", dataDir.toAbsolutePath());
    }
}
