package dev.domainagents.core.async;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/** Future combinators the platform needs and Vert.x does not ship. */
public final class Futures {
    private Futures() {
    }

    /** Runs {@code step} for each item, one after the other; stops at the first failure. */
    public static <T> Future<Void> inOrder(List<T> items, Function<T, Future<?>> step) {
        return next(items.iterator(), step);
    }

    private static <T> Future<Void> next(Iterator<T> items, Function<T, Future<?>> step) {
        if (!items.hasNext()) {
            return Future.succeededFuture();
        }
        return step.apply(items.next()).compose(done -> next(items, step));
    }

    /** Completes after {@code delay}, on a timer, never blocking. */
    public static Future<Void> after(Vertx vertx, Duration delay) {
        return Future.future(promise -> vertx.setTimer(Math.max(1, delay.toMillis()), id -> promise.complete()));
    }
}
