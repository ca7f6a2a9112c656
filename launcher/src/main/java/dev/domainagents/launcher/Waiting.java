package dev.domainagents.launcher;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Waits for a Vert.x future on the calling thread, which must not be an event loop, for a bounded time. */
public final class Waiting {
    private Waiting() {
    }

    /** The future's result; its failure is rethrown as is, a timeout as {@link java.util.concurrent.TimeoutException}. */
    public static <T> T await(Future<T> future, Duration timeout) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
