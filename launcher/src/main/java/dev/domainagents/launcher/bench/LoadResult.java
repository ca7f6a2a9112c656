package dev.domainagents.launcher.bench;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.List;

/**
 * What the order phase saw: orders asked for, accepted ({@code placed}), refused or lost
 * ({@code postFailures}), not seen terminal in time, confirmed and cancelled; how their terminal
 * status was seen (stream or polling); the latencies in microseconds; the span from the first
 * POST sent to the last order seen terminal; and the first few distinct errors.
 */
record LoadResult(int orders, int placed, int postFailures, int notTerminal, int confirmed, int cancelled,
                  int viaEvents, int viaPolling, Histogram postLatencyMicros, Histogram terminalLatencyMicros,
                  Duration span, List<String> errors) {

    /** Every order accepted and seen terminal. */
    boolean ok() {
        return postFailures == 0 && notTerminal == 0 && confirmed + cancelled == orders;
    }

    /** Orders seen terminal per second over {@link #span}, end to end. */
    double ordersPerSecond() {
        return span.isZero() ? 0 : (confirmed + cancelled) * 1e9 / span.toNanos();
    }
}
