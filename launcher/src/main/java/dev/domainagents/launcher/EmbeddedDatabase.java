package dev.domainagents.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The dev launch's PostgreSQL: a real server from Maven Central (zonky), its data kept in
 * the data directory across restarts. Unlike zonky's defaults (made for throwaway test
 * databases) it runs with PostgreSQL's durable settings, because it holds a user's data:
 * {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on.
 * Starting and stopping block: call them off the event loops.
 */
final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts on {@code port} (0: any free port) with data under {@code dataDir}. */
    static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "300");
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres postgres = builder.start();
        LOG.info("database.embedded.started port={} dataDir={} fsync=on synchronous_commit=on full_page_writes=on",
                postgres.getPort(), dataDir.toAbsolutePath());
        return new EmbeddedDatabase(postgres);
    }

    int port() {
        return postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
        LOG.info("database.embedded.stopped");
    }
}
