package dev.domainagents.launcher.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Measures how many operations per second a closed loop of {@code concurrency} sustains: it runs
 * for {@code warmup} unmeasured (the JIT and the connections settle), then counts the operations
 * that end within the following {@code window}. Operations still running when the window closes
 * are waited for, not counted.
 */
final class Throughput {
    private final long windowStart;
    private final long windowEnd;
    private long succeeded;
    private long failed;

    private Throughput(Duration warmup, Duration window) {
        this.windowStart = System.nanoTime() + warmup.toNanos();
        this.windowEnd = windowStart + window.toNanos();
    }

    /** Runs {@code operation} in a {@link ClosedLoop} on {@code context}; its callbacks must run there too. */
    static Future<Rate> measure(Context context, int concurrency, Duration warmup, Duration window,
                                Supplier<Future<?>> operation) {
        Throughput throughput = new Throughput(warmup, window);
        return ClosedLoop.run(context, concurrency, () -> System.nanoTime() < throughput.windowEnd,
                        () -> operation.get().onComplete(throughput::count))
                .map(done -> new Rate(throughput.succeeded, throughput.failed, window));
    }

    private void count(io.vertx.core.AsyncResult<?> outcome) {
        long now = System.nanoTime();
        if (now < windowStart || now > windowEnd) {
            return;
        }
        if (outcome.succeeded()) {
            succeeded++;
        } else {
            failed++;
        }
    }
}
