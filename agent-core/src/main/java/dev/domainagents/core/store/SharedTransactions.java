package dev.domainagents.core.store;

import dev.domainagents.core.delivery.Batching;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.function.Function;

/**
 * Runs units of work in transactions shared between them, to pay one commit (and one
 * BEGIN/COMMIT round trip) for many. Units that wait while {@code maxTransactions} are open go
 * together into the next one, up to {@code maxCommands}, and run concurrently in it, their
 * statements pipelined on its connection. Callers must not give it two units that touch the
 * same rows at once (the command pipeline orders those).
 *
 * <p>A shared transaction commits only if every unit succeeded. If one fails, the transaction
 * rolls back and each unit runs again alone, in a transaction of its own, so a unit's outcome
 * never depends on another's: what a caller sees is exactly what it would see unshared.
 * Not thread-safe: use it from one context.
 */
public final class SharedTransactions {
    private final Pool pool;
    private final Batching batching;
    private final Queue<Unit<?>> waiting = new ArrayDeque<>();
    private int open;

    public SharedTransactions(Pool pool, Batching batching) {
        this.pool = pool;
        this.batching = batching;
    }

    /** Runs {@code work} in a transaction, perhaps shared; completes after that transaction committed or rolled back. */
    public <T> Future<T> run(Function<Tx, Future<T>> work) {
        Unit<T> unit = new Unit<>(work, Promise.promise());
        waiting.add(unit);
        startWaiting();
        return unit.result.future();
    }

    private void startWaiting() {
        while (open < batching.maxTransactions() && !waiting.isEmpty()) {
            List<Unit<?>> units = new ArrayList<>();
            while (units.size() < batching.maxCommands() && !waiting.isEmpty()) {
                units.add(waiting.poll());
            }
            open++;
            runShared(units).onComplete(done -> {
                open--;
                startWaiting();
            });
        }
    }

    private Future<Void> runShared(List<Unit<?>> units) {
        if (units.size() == 1) {
            return units.get(0).runAlone(pool);
        }
        List<Future<?>> outcomes = new ArrayList<>();
        return Tx.run(pool, tx -> {
                    units.forEach(unit -> outcomes.add(unit.work.apply(tx)));
                    return Future.join(outcomes);
                })
                .transform(committed -> {
                    if (committed.succeeded()) {
                        for (int i = 0; i < units.size(); i++) {
                            units.get(i).complete(outcomes.get(i));
                        }
                        return Future.succeededFuture();
                    }
                    return Future.join(units.stream().map(unit -> unit.runAlone(pool)).toList()).mapEmpty();
                });
    }

    /** One caller's work and the promise of its outcome. */
    private record Unit<T>(Function<Tx, Future<T>> work, Promise<T> result) {
        Future<Void> runAlone(Pool pool) {
            return Tx.run(pool, work).onComplete(result).<Void>mapEmpty().otherwiseEmpty();
        }

        @SuppressWarnings("unchecked")
        void complete(Future<?> outcome) {
            result.complete((T) outcome.result());
        }
    }
}
