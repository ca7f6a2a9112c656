package dev.domainagents.core.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.domainagents.core.testkit.TestPlatform.await;
import static dev.domainagents.core.testkit.TestPlatform.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BreakersTest {
    private final Vertx vertx = Vertx.vertx();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final Breakers breakers = new Breakers(new BreakerSettings(0.5, 3, 10, Duration.ofMillis(200), Duration.ofMinutes(1)), registry);

    @AfterEach
    void close() {
        await(vertx.close());
    }

    @Test
    void openBreakerFailsFastWithoutCallingTheDependency() {
        AtomicInteger calls = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            awaitFailure(breakers.call("gateway", () -> {
                calls.incrementAndGet();
                return Future.failedFuture(new IllegalStateException("gateway down"));
            }));
        }
        assertThat(breakers.state("gateway")).isEqualTo(BreakerState.OPEN);

        long before = System.nanoTime();
        Throwable failure = awaitFailure(breakers.call("gateway", () -> {
            calls.incrementAndGet();
            return Future.succeededFuture("never reached");
        }));

        assertThat(failure).isInstanceOf(Breakers.DependencyUnavailable.class).isInstanceOf(TransientFailure.class);
        assertThat(((TransientFailure) failure).retryAfter()).as("no retry before the breaker half-opens")
                .isGreaterThan(Duration.ofSeconds(50));
        assertThat(calls).hasValue(3);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).as("refused at once, not after a wait")
                .isLessThan(Duration.ofSeconds(1));
    }

    /** 10% of calls refused by a working dependency: a count of failures would open the breaker, the rate keeps it closed. */
    @Test
    void aFewFailuresAmongManySuccessesKeepItClosed() {
        for (int i = 0; i < 200; i++) {
            boolean fails = i % 10 == 0;
            Future<String> call = breakers.call("busy", () -> fails
                    ? Future.failedFuture(new IllegalStateException("flaky card"))
                    : Future.succeededFuture("fine"));
            if (fails) {
                awaitFailure(call);
            } else {
                await(call);
            }
        }

        assertThat(breakers.state("busy")).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void aFailedTrialOpensItAgainAndASuccessfulOneClosesIt() {
        // open long enough (1 s) that its state is read before it half-opens, even on a slow machine
        Breakers quickReset = new Breakers(new BreakerSettings(0.5, 2, 10, Duration.ofMillis(200), Duration.ofSeconds(1)), registry);
        for (int i = 0; i < 2; i++) {
            awaitFailure(quickReset.call("trial", () -> Future.failedFuture(new IllegalStateException("down"))));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> quickReset.state("trial") == BreakerState.HALF_OPEN);
        awaitFailure(quickReset.call("trial", () -> Future.failedFuture(new IllegalStateException("still down"))));
        assertThat(quickReset.state("trial")).isEqualTo(BreakerState.OPEN);

        await().atMost(Duration.ofSeconds(5)).until(() -> quickReset.state("trial") == BreakerState.HALF_OPEN);
        assertThat(await(quickReset.call("trial", () -> Future.succeededFuture("back")))).isEqualTo("back");
        assertThat(quickReset.state("trial")).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void slowCallTimesOutAsATransientFailure() {
        Throwable failure = awaitFailure(breakers.call("slow", () -> Future.future(promise -> { })));

        assertThat(failure).isInstanceOf(Breakers.DependencyUnavailable.class);
    }

    @Test
    void breakersOfDifferentDependenciesAreIndependent() {
        for (int i = 0; i < 3; i++) {
            awaitFailure(breakers.call("down", () -> Future.failedFuture(new IllegalStateException("down"))));
        }

        assertThat(await(breakers.call("up", () -> Future.succeededFuture("fine")))).isEqualTo("fine");
        assertThat(breakers.states()).containsEntry("down", BreakerState.OPEN).containsEntry("up", BreakerState.CLOSED);
    }

    @Test
    void stateIsAGaugePerDependencyThroughOpenHalfOpenAndClosed() {
        Breakers quickReset = new Breakers(new BreakerSettings(0.5, 2, 10, Duration.ofMillis(200), Duration.ofSeconds(1)), registry);
        assertThat(await(quickReset.call("quick", () -> Future.succeededFuture("fine")))).isEqualTo("fine");
        assertThat(stateGauge("quick")).isEqualTo(0.0);

        for (int i = 0; i < 2; i++) {
            awaitFailure(quickReset.call("quick", () -> Future.failedFuture(new IllegalStateException("down"))));
        }
        assertThat(stateGauge("quick")).isEqualTo(2.0);

        await().atMost(Duration.ofSeconds(5)).until(() -> stateGauge("quick") == 1.0);
        assertThat(await(quickReset.call("quick", () -> Future.succeededFuture("back")))).isEqualTo("back");
        assertThat(stateGauge("quick")).isEqualTo(0.0);
    }

    private double stateGauge(String dependency) {
        return registry.get("breaker.state").tag("dependency", dependency).gauge().value();
    }
}
