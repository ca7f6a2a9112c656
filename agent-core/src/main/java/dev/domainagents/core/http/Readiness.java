package dev.domainagents.core.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ready when the process's agents are deployed and PostgreSQL answers within a second; each check
 * says {@code UP}, or {@code DOWN: } and why. The database check follows the database by itself:
 * down while it cannot be reached, up again once the pool reconnects.
 */
public final class Readiness {
    private static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(1);

    private final Pool pool;
    private final AtomicBoolean deployed = new AtomicBoolean();

    public Readiness(Pool pool) {
        this.pool = pool;
    }

    public void markDeployed() {
        deployed.set(true);
    }

    public void markStopping() {
        deployed.set(false);
    }

    /** Per-check detail; {@code ready} is true only if every check passed. */
    public Future<JsonObject> check() {
        return pool.query("SELECT 1").execute()
                .timeout(DATABASE_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .map(rows -> "UP")
                .otherwise(failure -> "DOWN: " + reasonOf(failure))
                .map(database -> new JsonObject()
                        .put("ready", deployed.get() && "UP".equals(database))
                        .put("checks", new JsonObject()
                                .put("agents", deployed.get() ? "UP" : "DOWN: not deployed")
                                .put("database", database)));
    }

    private static String reasonOf(Throwable failure) {
        if (failure instanceof java.util.concurrent.TimeoutException) {
            return "no answer within " + DATABASE_TIMEOUT.toMillis() + " ms";
        }
        return failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
    }
}
