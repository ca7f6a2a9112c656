package dev.domainagents.launcher.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Keeps a fixed number of asynchronous steps in flight: each of {@code concurrency} lanes starts
 * its next step as soon as its last one ended, for as long as {@code more} allows, so the load
 * never exceeds the concurrency and never waits on a fixed pace. Everything runs on one
 * context: {@code more}, every step and the steps' callbacks (Vert.x clients answer on the
 * context that called them), so a step's bookkeeping needs no locks. A step's outcome is the
 * step's own business; the loop only waits for it.
 */
final class ClosedLoop {
    private final int concurrency;
    private final BooleanSupplier more;
    private final Supplier<Future<?>> step;
    private final Promise<Void> finished = Promise.promise();
    private int running;

    private ClosedLoop(int concurrency, BooleanSupplier more, Supplier<Future<?>> step) {
        this.concurrency = concurrency;
        this.more = more;
        this.step = step;
    }

    /** Runs the lanes on {@code context}; the future completes once every lane found {@code more} false. */
    static Future<Void> run(Context context, int concurrency, BooleanSupplier more, Supplier<Future<?>> step) {
        ClosedLoop loop = new ClosedLoop(concurrency, more, step);
        context.runOnContext(start -> loop.start());
        return loop.finished.future();
    }

    private void start() {
        running = concurrency;
        for (int lane = 0; lane < concurrency; lane++) {
            lane();
        }
    }

    /** Steps that complete at once are looped over here rather than recursed into. */
    private void lane() {
        while (more.getAsBoolean()) {
            Future<?> next = next();
            if (!next.isComplete()) {
                next.onComplete(done -> lane());
                return;
            }
        }
        running--;
        if (running == 0) {
            finished.complete();
        }
    }

    private Future<?> next() {
        try {
            return step.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
