package dev.domainagents.core.lease;

import dev.domainagents.core.async.LoopHealth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Work one node of the cluster does for all, every {@code interval}: a round runs only on the
 * node holding the lease, one round at a time; a failing round is logged once through
 * {@link LoopHealth}, and its recovery. Stopping waits for the round in progress, then gives the
 * lease back. Use it from its owner's context (a verticle's start and stop).
 */
public final class LeasedLoop {
    private final Leases leases;
    private final String leaseName;
    private final Duration interval;
    private final Supplier<Future<?>> round;
    private final LoopHealth health;
    private Vertx vertx;
    private Lease lease;
    private long timer;
    private Future<?> running = Future.succeededFuture();

    /** {@code loopName} names the loop in the health log lines. */
    public LeasedLoop(Leases leases, String leaseName, Duration interval, Logger log, String loopName, Supplier<Future<?>> round) {
        this.leases = leases;
        this.leaseName = leaseName;
        this.interval = interval;
        this.round = round;
        this.health = new LoopHealth(log, loopName);
    }

    public void start(Vertx vertx) {
        this.vertx = vertx;
        lease = leases.lease(leaseName);
        timer = vertx.setPeriodic(interval.toMillis(), id -> {
            if (lease.held() && running.isComplete()) {
                running = round.get().onSuccess(done -> health.succeeded()).onFailure(health::failed);
            }
        });
    }

    public Future<Void> stop() {
        vertx.cancelTimer(timer);
        return running.transform(finished -> leases.release(lease));
    }

    /** Whether this node still holds the lease: a long round checks it between its steps. */
    public boolean held() {
        return lease.held();
    }
}
