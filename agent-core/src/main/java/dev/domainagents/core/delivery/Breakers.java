package dev.domainagents.core.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One circuit breaker per outside dependency (e.g. {@code payment-gateway}), shared by all
 * agents of the process. A call through an open breaker fails at once with a
 * {@link DependencyUnavailable}, which is transient: the message is retried later, not lost.
 *
 * <p>Each breaker is visible from its first call on: the gauge {@code breaker_state} tagged
 * {@code dependency} (0 closed, 1 half-open, 2 open) and one log line per change of state
 * ({@code breaker.opened}, {@code breaker.half_open}, {@code breaker.closed}).
 */
public final class Breakers {
    private static final Logger LOG = LoggerFactory.getLogger(Breakers.class);

    private final Vertx vertx;
    private final BreakerSettings settings;
    private final MeterRegistry registry;
    private final Map<String, CircuitBreaker> byDependency = new ConcurrentHashMap<>();

    public Breakers(Vertx vertx, BreakerSettings settings, MeterRegistry registry) {
        this.vertx = vertx;
        this.settings = settings;
        this.registry = registry;
    }

    public <T> Future<T> call(String dependency, Supplier<Future<T>> call) {
        return breakerFor(dependency).<T>execute(call)
                .recover(failure -> Future.failedFuture(failure instanceof OpenCircuitException
                        || failure instanceof io.vertx.circuitbreaker.TimeoutException
                        ? new DependencyUnavailable(dependency, failure)
                        : failure));
    }

    public CircuitBreakerState state(String dependency) {
        return breakerFor(dependency).state();
    }

    public Map<String, CircuitBreakerState> states() {
        Map<String, CircuitBreakerState> states = new java.util.TreeMap<>();
        byDependency.forEach((name, breaker) -> states.put(name, breaker.state()));
        return states;
    }

    private CircuitBreaker breakerFor(String dependency) {
        return byDependency.computeIfAbsent(dependency, this::create);
    }

    private CircuitBreaker create(String dependency) {
        CircuitBreaker breaker = CircuitBreaker.create(dependency, vertx, new CircuitBreakerOptions()
                .setMaxFailures(settings.maxFailures())
                .setTimeout(settings.callTimeout().toMillis())
                .setResetTimeout(settings.resetTimeout().toMillis()))
                .openHandler(opened -> LOG.warn("breaker.opened dependency={} maxFailures={} resetTimeoutMs={}",
                        dependency, settings.maxFailures(), settings.resetTimeout().toMillis()))
                .halfOpenHandler(halfOpen -> LOG.info("breaker.half_open dependency={}", dependency))
                .closeHandler(closed -> LOG.info("breaker.closed dependency={}", dependency));
        Gauge.builder("breaker.state", breaker, Breakers::stateCode)
                .description("circuit breaker of an outside dependency: 0 closed, 1 half-open, 2 open")
                .tag("dependency", dependency)
                .register(registry);
        return breaker;
    }

    private static double stateCode(CircuitBreaker breaker) {
        return switch (breaker.state()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    /** The dependency's breaker is open or the call timed out: try again later. */
    public static final class DependencyUnavailable extends TransientFailure {
        DependencyUnavailable(String dependency, Throwable cause) {
            super(dependency + " unavailable: " + cause.getMessage(), cause);
        }
    }
}
