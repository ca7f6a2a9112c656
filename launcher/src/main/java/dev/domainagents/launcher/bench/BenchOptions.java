package dev.domainagents.launcher.bench;

import dev.domainagents.core.store.PgSettings;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * What {@code bench} was asked for: how many orders (after how many unmeasured warm-up orders), how many in flight (the baselines keep as
 * many requests or transactions in flight), the platform to measure ({@code url}; empty: one
 * started in this JVM on a fresh embedded database), that platform's database if the bench may
 * read it ({@code database}; in-process the bench knows it), and how long each baseline is
 * measured after its warm-up.
 */
public record BenchOptions(int orders, int warmupOrders, int concurrency, Optional<URI> url, Optional<PgSettings> database,
                           Duration baseline) {
    public static final int DEFAULT_ORDERS = 2000;
    /** Placed first and not measured: the JIT compiles the hot paths during the first thousands. */
    public static final int DEFAULT_WARMUP_ORDERS = 2000;
    public static final int DEFAULT_CONCURRENCY = 64;
    public static final int DEFAULT_BASELINE_SECONDS = 5;
}
