package dev.domainagents.launcher;

import dev.domainagents.core.store.PgSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;

/** The PostgreSQL a node works on: an embedded server the node started itself, or an external one. */
final class NodeDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeDatabase.class);

    private final PgSettings settings;
    private final Optional<EmbeddedDatabase> embedded;

    private NodeDatabase(PgSettings settings, Optional<EmbeddedDatabase> embedded) {
        this.settings = settings;
        this.embedded = embedded;
    }

    /**
     * Starts the embedded server, with its data under {@code dataDir/postgres}, or names the
     * external one. Blocks while the server starts: call it on a worker thread.
     */
    static NodeDatabase open(DatabaseSettings database, Path dataDir) throws IOException, SQLException {
        if (!database.embedded()) {
            PgSettings external = database.external();
            LOG.info("database.external host={} port={} database={} poolSize={}",
                    external.host(), external.port(), external.database(), external.poolSize());
            return new NodeDatabase(external, Optional.empty());
        }
        EmbeddedDatabase server = EmbeddedDatabase.start(dataDir.resolve("postgres"), database.port());
        try {
            server.ensureDatabase(database.database());
        } catch (SQLException e) {
            server.close();
            throw e;
        }
        return new NodeDatabase(database.listeningOn(server.port()), Optional.of(server));
    }

    PgSettings settings() {
        return settings;
    }

    /** For the logs: {@code embedded 127.0.0.1:15432/postgres}. */
    String describe() {
        return (embedded.isPresent() ? "embedded " : "external ") + settings.host() + ":" + settings.port() + "/"
                + settings.database();
    }

    /** Stops the embedded server, if this node started one; blocks. */
    @Override
    public void close() {
        embedded.ifPresent(server -> {
            try {
                server.close();
            } catch (IOException e) {
                LOG.warn("database.embedded.stop.failed reason={}", e.toString());
            }
        });
    }
}
