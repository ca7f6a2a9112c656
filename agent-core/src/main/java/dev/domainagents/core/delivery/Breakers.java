package dev.domainagents.core.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One circuit breaker per outside dependency (e.g. {@code payment-gateway}), shared by all
 * agents of the process ({@link Breaker}: it opens on the failure rate of recent calls). A
 * call through an open breaker, or one that takes longer than {@code callTimeout}, fails with
 * a {@link DependencyUnavailable}, which is transient: the message is retried later, not
 * lost, and not before the breaker lets a call through again.
 *
 * <p>Each breaker is visible from its first call on: the gauge {@code breaker_state} tagged
 * {@code dependency} (0 closed, 1 half-open, 2 open) and one log line per change of state
 * ({@code breaker.opened}, {@code breaker.half_open}, {@code breaker.closed}).
 */
public final class Breakers {
    private final BreakerSettings settings;
    private final MeterRegistry registry;
    private final Map<String, Breaker> byDependency = new ConcurrentHashMap<>();

    public Breakers(BreakerSettings settings, MeterRegistry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    public <T> Future<T> call(String dependency, Supplier<Future<T>> call) {
        Breaker breaker = breakerFor(dependency);
        Optional<Duration> refused = breaker.admit();
        if (refused.isPresent()) {
            return Future.failedFuture(new DependencyUnavailable(dependency, "circuit open", refused.get()));
        }
        Future<T> result;
        try {
            result = call.get().timeout(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        return result
                .andThen(outcome -> breaker.record(outcome.failed()))
                .recover(failure -> Future.failedFuture(failure instanceof java.util.concurrent.TimeoutException
                        ? new DependencyUnavailable(dependency, "no answer within " + settings.callTimeout().toMillis() + " ms", Duration.ZERO)
                        : failure));
    }

    public BreakerState state(String dependency) {
        return breakerFor(dependency).state();
    }

    public Map<String, BreakerState> states() {
        Map<String, BreakerState> states = new TreeMap<>();
        byDependency.forEach((name, breaker) -> states.put(name, breaker.state()));
        return states;
    }

    private Breaker breakerFor(String dependency) {
        return byDependency.computeIfAbsent(dependency, this::create);
    }

    private Breaker create(String dependency) {
        Breaker breaker = new Breaker(dependency, settings);
        Gauge.builder("breaker.state", breaker, created -> created.state().code())
                .description("circuit breaker of an outside dependency: 0 closed, 1 half-open, 2 open")
                .tag("dependency", dependency)
                .register(registry);
        return breaker;
    }

    /** The dependency's breaker is open or the call timed out: try again later, not before {@link #retryAfter}. */
    public static final class DependencyUnavailable extends TransientFailure {
        private final Duration retryAfter;

        DependencyUnavailable(String dependency, String why, Duration retryAfter) {
            super(dependency + " unavailable: " + why);
            this.retryAfter = retryAfter;
        }

        @Override
        public Duration retryAfter() {
            return retryAfter;
        }
    }
}
