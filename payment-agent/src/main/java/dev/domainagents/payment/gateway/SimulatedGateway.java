package dev.domainagents.payment.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The payment gateway simulator of API.md, part of the product so the flow can be run and
 * tested without a real provider: {@code card-ok} approves, {@code card-declined} declines,
 * {@code card-flaky} fails transiently on its first two attempts, {@code card-slow} answers
 * its first attempt too late. Latency and a random transient failure rate come from
 * {@link GatewaySettings}. Like a real gateway it remembers answers by idempotency key (the
 * most recent {@value #REMEMBERED} of them), so a repeated call is not a second payment.
 */
public final class SimulatedGateway implements PaymentGateway {
    static final int REMEMBERED = 100_000;
    private static final int FLAKY_FAILURES = 2;

    private final Vertx vertx;
    private final GatewaySettings settings;
    private final Map<String, Object> answers = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final Map<String, Integer> attempts = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED;
        }
    };

    public SimulatedGateway(Vertx vertx, GatewaySettings settings) {
        this.vertx = vertx;
        this.settings = settings;
    }

    @Override
    public Future<Authorization> authorize(String idempotencyKey, String paymentMethod, BigDecimal amount) {
        int attempt = nextAttempt(idempotencyKey);
        Future<Authorization> answer = switch (paymentMethod) {
            case "card-ok" -> answer(idempotencyKey, new Authorization(true, null));
            case "card-declined" -> answer(idempotencyKey, new Authorization(false, "card_declined"));
            case "card-flaky" -> attempt <= FLAKY_FAILURES
                    ? Future.failedFuture(new GatewayUnavailable("card-flaky: transient failure on attempt " + attempt))
                    : answer(idempotencyKey, new Authorization(true, null));
            case "card-slow" -> attempt == 1
                    ? delayed(settings.slowAnswer()).map(ignored -> remember(idempotencyKey, new Authorization(true, null)))
                    : answer(idempotencyKey, new Authorization(true, null));
            default -> answer(idempotencyKey, new Authorization(false, "unknown_payment_method"));
        };
        return afterLatency(answer);
    }

    @Override
    public Future<Void> capture(String idempotencyKey, BigDecimal amount) {
        return afterLatency(answer(idempotencyKey, Boolean.TRUE)).mapEmpty();
    }

    @Override
    public Future<Void> voidAuthorization(String idempotencyKey) {
        return afterLatency(answer(idempotencyKey, Boolean.TRUE)).mapEmpty();
    }

    @Override
    public Future<Void> refund(String idempotencyKey, BigDecimal amount) {
        return afterLatency(answer(idempotencyKey, Boolean.TRUE)).mapEmpty();
    }

    private synchronized int nextAttempt(String idempotencyKey) {
        return attempts.merge(idempotencyKey, 1, Integer::sum);
    }

    /** The remembered answer for the key, or this one (remembered from now on). */
    @SuppressWarnings("unchecked")
    private synchronized <T> Future<T> answer(String idempotencyKey, T answer) {
        return Future.succeededFuture((T) answers.computeIfAbsent(idempotencyKey, key -> answer));
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> T remember(String idempotencyKey, T answer) {
        return (T) answers.computeIfAbsent(idempotencyKey, key -> answer);
    }

    private <T> Future<T> afterLatency(Future<T> answer) {
        if (settings.failureRate() > 0 && ThreadLocalRandom.current().nextDouble() < settings.failureRate()) {
            return delayed(settings.latency()).compose(ignored -> Future.failedFuture(new GatewayUnavailable("random transient failure")));
        }
        return settings.latency().isZero() ? answer : delayed(settings.latency()).compose(ignored -> answer);
    }

    private Future<Void> delayed(Duration delay) {
        return Future.future(promise -> vertx.setTimer(Math.max(1, delay.toMillis()), id -> promise.complete()));
    }
}
