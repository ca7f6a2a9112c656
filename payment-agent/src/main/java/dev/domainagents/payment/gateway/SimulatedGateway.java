package dev.domainagents.payment.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * {@link GatewaySettings}; an operator changes both at runtime ({@code PUT /admin/payment-gateway},
 * published on {@link #CONDITIONS_ADDRESS} to every simulated gateway of the cluster), e.g. to
 * see the breaker open during an outage and close after it. Like a real gateway it remembers
 * answers by idempotency key (the most recent {@value #REMEMBERED} of them), so a repeated call
 * is not a second payment, and it refuses to capture an authorization it voided, or to void one
 * it captured ({@link AuthorizationSettled}). A call that fails (the failure rate) changes nothing.
 * It counts the calls it received per key ({@link #callsByKey}).
 */
public final class SimulatedGateway implements PaymentGateway {
    /** Where new {@link GatewayConditions} are published, as JSON; each simulated gateway applies them. */
    public static final String CONDITIONS_ADDRESS = "payment.gateway.conditions";
    static final int REMEMBERED = 100_000;
    private static final int FLAKY_FAILURES = 2;
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedGateway.class);

    private final Vertx vertx;
    /** Replaced whole when an operator changes the conditions; read once per call. */
    private volatile GatewaySettings settings;
    private final Map<String, Object> answers = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > REMEMBERED;
        }
    };
    /** Authorizations captured (true) or voided (false), by the idempotency key of their authorize call. */
    private final Map<String, Boolean> settled = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
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

    /**
     * Takes the conditions published on {@link #CONDITIONS_ADDRESS} from now on, until the
     * verticle that called this is undeployed (Vert.x then drops the consumer).
     */
    public SimulatedGateway followConditions() {
        vertx.eventBus().<JsonObject>consumer(CONDITIONS_ADDRESS, message -> apply(GatewayConditions.fromJson(message.body())));
        return this;
    }

    /** Applies a new latency and failure rate to the calls that start from now on. */
    public void apply(GatewayConditions conditions) {
        settings = settings.with(conditions);
        LOG.warn("payment.gateway.conditions failureRate={} latencyMs={}", conditions.failureRate(), conditions.latency().toMillis());
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
    public Future<Void> capture(String authorization, String idempotencyKey, BigDecimal amount) {
        nextAttempt(idempotencyKey);
        return failOrAfterLatency(() -> settle(authorization, idempotencyKey, true));
    }

    @Override
    public Future<Void> voidAuthorization(String authorization, String idempotencyKey) {
        nextAttempt(idempotencyKey);
        return failOrAfterLatency(() -> settle(authorization, idempotencyKey, false));
    }

    /** Captures ({@code capture}) or voids the authorization, once; refused if the other step settled it. */
    private synchronized Future<Void> settle(String authorization, String idempotencyKey, boolean capture) {
        if (!answers.containsKey(idempotencyKey)) {
            Boolean before = settled.get(authorization);
            if (before != null && before != capture) {
                return Future.failedFuture(new AuthorizationSettled(authorization, before));
            }
            settled.put(authorization, capture);
            answers.put(idempotencyKey, Boolean.TRUE);
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> refund(String idempotencyKey, BigDecimal amount) {
        nextAttempt(idempotencyKey);
        return afterLatency(answer(idempotencyKey, Boolean.TRUE)).mapEmpty();
    }

    /** How many calls reached this gateway, by idempotency key (the most recent {@value #REMEMBERED} keys). */
    public synchronized Map<String, Integer> callsByKey() {
        return Map.copyOf(attempts);
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
        GatewaySettings now = settings;
        if (now.failureRate() > 0 && ThreadLocalRandom.current().nextDouble() < now.failureRate()) {
            return delayed(now.latency()).compose(ignored -> Future.failedFuture(new GatewayUnavailable("random transient failure")));
        }
        return now.latency().isZero() ? answer : delayed(now.latency()).compose(ignored -> answer);
    }

    /** The call fails (the failure rate) before it does anything, or takes effect after the latency. */
    private Future<Void> failOrAfterLatency(java.util.function.Supplier<Future<Void>> effect) {
        GatewaySettings now = settings;
        if (now.failureRate() > 0 && ThreadLocalRandom.current().nextDouble() < now.failureRate()) {
            return delayed(now.latency()).compose(ignored -> Future.failedFuture(new GatewayUnavailable("random transient failure")));
        }
        return now.latency().isZero() ? effect.get() : delayed(now.latency()).compose(ignored -> effect.get());
    }

    private Future<Void> delayed(Duration delay) {
        return Future.future(promise -> vertx.setTimer(Math.max(1, delay.toMillis()), id -> promise.complete()));
    }
}
