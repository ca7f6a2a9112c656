package dev.domainagents.core.async;

import org.slf4j.Logger;

import java.time.Duration;

/**
 * Logs the health of one repeating loop (a subscription, a poller, an agent's commands) without a
 * line per cycle: one WARN when it starts failing, with the first reason, and one INFO when it works
 * again, with how long it failed and how many cycles did. Not thread-safe: use it from the loop's context.
 */
public final class LoopHealth {
    private final Logger log;
    private final String loop;
    private long failingSince;
    private int failures;

    /** {@code loop} names the loop in the log lines, e.g. {@code subscription:order-saga}. */
    public LoopHealth(Logger log, String loop) {
        this.log = log;
        this.loop = loop;
    }

    public void failed(Throwable failure) {
        if (failures++ == 0) {
            failingSince = System.nanoTime();
            log.warn("loop.failing loop={} reason={}", loop, reasonOf(failure));
        }
    }

    public void succeeded() {
        if (failures > 0) {
            log.info("loop.recovered loop={} failedForMs={} failedCycles={}", loop,
                    Duration.ofNanos(System.nanoTime() - failingSince).toMillis(), failures);
            failures = 0;
        }
    }

    private static String reasonOf(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
    }
}
