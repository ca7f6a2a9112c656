package dev.domainagents.core.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One PostgreSQL transaction and what must happen once it has committed (a wake-up hint
 * for subscriptions, an outbox send). Those actions run only after a successful commit,
 * so nobody is told about work that was rolled back.
 */
public final class Tx {
    private final SqlConnection connection;
    private final List<Runnable> afterCommit;

    private Tx(SqlConnection connection, List<Runnable> afterCommit) {
        this.connection = connection;
        this.afterCommit = afterCommit;
    }

    /** Runs {@code work} in a transaction, commits if its future succeeds, then runs the after-commit actions. */
    public static <T> Future<T> run(Pool pool, Function<Tx, Future<T>> work) {
        List<Runnable> afterCommit = new ArrayList<>();
        return pool.withTransaction(connection -> work.apply(new Tx(connection, afterCommit)))
                .onSuccess(committed -> afterCommit.forEach(Runnable::run));
    }

    public SqlConnection connection() {
        return connection;
    }

    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }
}
