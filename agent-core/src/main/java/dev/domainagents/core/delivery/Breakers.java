package dev.domainagents.core.delivery;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One circuit breaker per outside dependency (e.g. {@code payment-gateway}), shared by all
 * agents of the process. A call through an open breaker fails at once with a
 * {@link DependencyUnavailable}, which is transient: the message is retried later, not lost.
 */
public final class Breakers {
    private final Vertx vertx;
    private final BreakerSettings settings;
    private final Map<String, CircuitBreaker> byDependency = new ConcurrentHashMap<>();

    public Breakers(Vertx vertx, BreakerSettings settings) {
        this.vertx = vertx;
        this.settings = settings;
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
        return byDependency.computeIfAbsent(dependency, name -> CircuitBreaker.create(name, vertx,
                new CircuitBreakerOptions()
                        .setMaxFailures(settings.maxFailures())
                        .setTimeout(settings.callTimeout().toMillis())
                        .setResetTimeout(settings.resetTimeout().toMillis())));
    }

    /** The dependency's breaker is open or the call timed out: try again later. */
    public static final class DependencyUnavailable extends TransientFailure {
        DependencyUnavailable(String dependency, Throwable cause) {
            super(dependency + " unavailable: " + cause.getMessage(), cause);
        }
    }
}
