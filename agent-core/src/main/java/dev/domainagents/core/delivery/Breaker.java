package dev.domainagents.core.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;

/**
 * One dependency's circuit breaker, opened by the failure <em>rate</em> of recent calls.
 *
 * <p>Closed, it lets calls through and remembers the outcomes of the last {@code windowCalls}.
 * Once it remembers at least {@code minimumCalls} and the failed share reaches
 * {@code failureRate}, it opens: calls are refused without reaching the dependency for
 * {@code resetTimeout}. Then it is half-open: one trial call goes through; its success
 * closes the breaker with a clean slate, its failure opens it again.
 *
 * <p>A rate rather than a count of failures (what vertx-circuit-breaker offers): under heavy
 * traffic, the few calls a healthy dependency refuses (a flaky card) add up to any count in a
 * few seconds, and a count would cut every caller off from a dependency that works.
 * Thread-safe: agents on several event loops share it.
 */
final class Breaker {
    private static final Logger LOG = LoggerFactory.getLogger(Breaker.class);

    private final String dependency;
    private final BreakerSettings settings;
    private final boolean[] failedCalls;
    private int next;
    private int remembered;
    private int failures;
    private BreakerState state = BreakerState.CLOSED;
    private long openUntilNanos;
    private boolean trialRunning;

    Breaker(String dependency, BreakerSettings settings) {
        this.dependency = dependency;
        this.settings = settings;
        this.failedCalls = new boolean[settings.windowCalls()];
    }

    /** Empty when a call may go through (and then its outcome must be {@link #record}ed); else how long the breaker stays open. */
    synchronized Optional<Duration> admit() {
        BreakerState now = state();
        if (now == BreakerState.CLOSED) {
            return Optional.empty();
        }
        if (now == BreakerState.HALF_OPEN && !trialRunning) {
            trialRunning = true;
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.max(0, openUntilNanos - System.nanoTime())));
    }

    synchronized void record(boolean failed) {
        if (state == BreakerState.HALF_OPEN) {
            trialRunning = false;
            if (failed) {
                open();
            } else {
                close();
            }
            return;
        }
        remember(failed);
        if (state == BreakerState.CLOSED && remembered >= settings.minimumCalls()
                && failures >= settings.failureRate() * remembered) {
            open();
        }
    }

    synchronized BreakerState state() {
        if (state == BreakerState.OPEN && System.nanoTime() - openUntilNanos >= 0) {
            state = BreakerState.HALF_OPEN;
            LOG.info("breaker.half_open dependency={}", dependency);
        }
        return state;
    }

    private void remember(boolean failed) {
        if (remembered == failedCalls.length) {
            failures -= failedCalls[next] ? 1 : 0;
        } else {
            remembered++;
        }
        failedCalls[next] = failed;
        failures += failed ? 1 : 0;
        next = (next + 1) % failedCalls.length;
    }

    private void open() {
        LOG.warn("breaker.opened dependency={} failedCalls={}/{} openForMs={}", dependency, failures, remembered,
                settings.resetTimeout().toMillis());
        state = BreakerState.OPEN;
        openUntilNanos = System.nanoTime() + settings.resetTimeout().toNanos();
    }

    private void close() {
        state = BreakerState.CLOSED;
        remembered = 0;
        failures = 0;
        next = 0;
        LOG.info("breaker.closed dependency={}", dependency);
    }
}
