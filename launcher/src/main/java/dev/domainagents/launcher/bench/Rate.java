package dev.domainagents.launcher.bench;

import java.time.Duration;

/** How many operations succeeded (and failed) in a measured window. */
record Rate(long succeeded, long failed, Duration window) {

    double perSecond() {
        return window.isZero() ? 0 : succeeded * 1e9 / window.toNanos();
    }
}
