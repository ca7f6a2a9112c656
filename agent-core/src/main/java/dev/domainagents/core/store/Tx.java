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
    private boolean ended;

    private Tx(SqlConnection connection, List<Runnable> afterCommit) {
        this.connection = connection;
        this.afterCommit = afterCommit;
    }

    /** Runs {@code work} in a transaction, commits if its future succeeds, then runs the after-commit actions. */
    public static <T> Future<T> run(Pool pool, Function<Tx, Future<T>> work) {
        List<Runnable> afterCommit = new ArrayList<>();
        return pool.withTransaction(connection -> {
                    Tx tx = new Tx(connection, afterCommit);
                    // marked before the commit or rollback is sent, so a late statement sees it (see #ended)
                    return work.apply(tx).andThen(done -> tx.ended = true);
                })
                .onSuccess(committed -> afterCommit.forEach(Runnable::run));
    }

    /**
     * Whether the work's future has completed, so its commit or rollback is on its way. A
     * statement sent now would run after it, outside the transaction, in autocommit: work that
     * went on after its future failed (a branch of a {@code Future.all} that failed fast) must
     * not write anything more. Every write the store itself makes checks this first.
     */
    public boolean ended() {
        return ended;
    }

    /** A failed future when the transaction has {@link #ended}, to put in front of a write. */
    public Future<Void> stillOpen() {
        return ended ? Future.failedFuture(new IllegalStateException("the transaction already ended: nothing more is written in it"))
                : Future.succeededFuture();
    }

    public SqlConnection connection() {
        return connection;
    }

    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }
}
