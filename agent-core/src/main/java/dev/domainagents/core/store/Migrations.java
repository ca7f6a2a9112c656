package dev.domainagents.core.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.flywaydb.core.Flyway;

import java.util.List;

/**
 * Versioned schema migrations (Flyway), run at every start. Safe to run from several
 * processes at once: Flyway serialises them with a PostgreSQL advisory lock, and a
 * migration already applied is never applied again. Core tables live in
 * {@code db/migration}; each agent module adds its own location with its own version range.
 */
public final class Migrations {
    public static final String CORE_LOCATION = "classpath:db/migration";

    private Migrations() {
    }

    /** Runs on a worker thread: Flyway speaks JDBC, which blocks. */
    public static Future<Integer> migrate(Vertx vertx, PgSettings settings, List<String> locations) {
        return vertx.executeBlocking(() -> Flyway.configure()
                .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
                .locations(locations.toArray(String[]::new))
                // modules own version ranges (core 1-99, order 100-199, ...): a core migration added
                // after a module's higher version was applied must still run, not fail validation
                .outOfOrder(true)
                .loggers("slf4j")
                .load()
                .migrate()
                .migrationsExecuted);
    }
}
