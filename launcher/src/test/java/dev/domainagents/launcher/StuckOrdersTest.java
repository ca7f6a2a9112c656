package dev.domainagents.launcher;

import dev.domainagents.core.store.PgSettings;
import dev.domainagents.core.testkit.HttpClientForTests;
import dev.domainagents.core.testkit.HttpClientForTests.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every accepted order ends CONFIRMED or CANCELLED without an operator: the payment gateway fails
 * every call for longer than the payment agent's retry policy while orders keep arriving and stand
 * at every step, and then recovers, or never does. No dead letter is redriven.
 */
class StuckOrdersTest {
    private static final List<String> SKUS = List.of("SKU-S1", "SKU-S2");
    private static final int STOCK = 100_000;
    private static final Map<String, Integer> STOCK_SET = Map.of("SKU-S1", STOCK, "SKU-S2", STOCK);
    private static final Duration SETTLE = Duration.ofSeconds(60);
    /** Below the test profile's breaker call timeout (500 ms). */
    private static final int LATENCY_MS = 200;

    @TempDir
    Path temp;

    /** The capture that exhausts its retries is dead-lettered; the saga learns of it and voids, so those orders end too. */
    @Test
    void everyAcceptedOrderEndsWhenAnOutageOutlastsThePaymentRetriesAndTheGatewayThenRecovers() throws Exception {
        // saga steps that do not time out here: the dead letters alone must end the orders
        try (LaunchedPlatform platform = LaunchedPlatform.start(temp, config(Duration.ofSeconds(60)));
             PacedOrders orders = new PacedOrders(platform.http())) {
            SKUS.forEach(sku -> setStock(platform, sku));
            startOrdersAtEveryStep(platform, orders);

            setGateway(platform, 1.0, LATENCY_MS);
            int acceptedAtOutage = orders.accepted();
            // the outage lasts until a capture's retries ran out, and orders kept coming all along
            await().atMost(SETTLE).until(() -> orders.accepted() >= acceptedAtOutage + 30
                    && platform.count("SELECT count(*) FROM dead_letters WHERE message_type = 'payment.capture'") > 0);
            setGateway(platform, 0.0, 0);
            int acceptedAtRecovery = orders.accepted();
            await().atMost(SETTLE).until(() -> orders.accepted() >= acceptedAtRecovery + 20);
            orders.finish();

            assertThat(orders.errors()).isEmpty();
            invariants(platform).assertHold(orders.byKey(), STOCK_SET, SETTLE);
            assertThat(reasons(platform)).as("orders met the outage at authorization and at capture")
                    .contains("payment_failed", "capture_failed");
            assertThat(platform.count("SELECT count(*) FROM order_view WHERE status = 'CONFIRMED'"))
                    .as("orders before and after the outage").isGreaterThanOrEqualTo(40);
            assertThat(platform.count("SELECT count(*) FROM dead_letter_audit")).as("no operator touched a dead letter").isZero();
        }
    }

    /** A gateway that never answers again: each order is cancelled, its stock released, its authorization voided or left to lapse. */
    @Test
    void everyAcceptedOrderEndsCancelledWhenTheGatewayNeverRecovers() throws Exception {
        // steps time out sooner than a payment's retries give up (10 attempts of 200 ms, 100 to 400 ms apart):
        // the deadlines end these orders
        JsonObject config = config(Duration.ofMillis(1_500));
        config.getJsonObject("agents").getJsonObject("payment").getJsonObject("retry")
                .put("maxAttempts", 10).put("initialDelayMs", 100).put("maxDelayMs", 400);
        try (LaunchedPlatform platform = LaunchedPlatform.start(temp, config);
             PacedOrders orders = new PacedOrders(platform.http())) {
            SKUS.forEach(sku -> setStock(platform, sku));
            startOrdersAtEveryStep(platform, orders);

            setGateway(platform, 1.0, LATENCY_MS);
            // from the first payment given up on, the outage is surely in force: orders accepted later cannot be paid
            await().atMost(SETTLE).until(() -> platform.count("SELECT count(*) FROM dead_letters") > 0);
            Set<String> beforeOutage = Set.copyOf(orders.byKey().values());
            int acceptedAtOutage = orders.accepted();
            await().atMost(SETTLE).until(() -> orders.accepted() >= acceptedAtOutage + 30);
            orders.finish();

            assertThat(orders.errors()).isEmpty();
            invariants(platform).assertHold(orders.byKey(), STOCK_SET, SETTLE);
            List<String> notCancelled = platform.query("SELECT order_id FROM order_view WHERE status <> 'CANCELLED'").stream()
                    .map(row -> row.getString(0)).filter(order -> !beforeOutage.contains(order)).toList();
            assertThat(notCancelled).as("orders placed once the gateway was gone").isEmpty();
            assertThat(reasons(platform)).as("orders met the outage at authorization and at capture")
                    .contains("timeout", "capture_failed");
            assertThat(platform.count("SELECT count(*) FROM events WHERE type = 'payment.voided' AND payload->>'lapsed' = 'true'"))
                    .as("voids the gateway never took, recorded anyway").isPositive();
        }
    }

    /**
     * A deadline that fires after its step moved on (the scheduler took it just as the saga's
     * reaction moved past it) changes nothing: here one of RESERVING arrives while the saga
     * authorizes the payment, and the order still ends confirmed.
     */
    @Test
    void aDeadlineOfAStepTheSagaLeftChangesNothing() throws Exception {
        JsonObject config = config(Duration.ofSeconds(600)).put("agents", new JsonObject().put("payment", new JsonObject()
                .put("retry", new JsonObject().put("maxAttempts", 50).put("initialDelayMs", 50).put("maxDelayMs", 300)
                        .put("multiplier", 2.0).put("jitter", 0.1))));
        try (LaunchedPlatform platform = LaunchedPlatform.start(temp, config)) {
            SKUS.forEach(sku -> setStock(platform, sku));
            setGateway(platform, 1.0, 0);
            String order = place(platform.http(), "stale-1", "card-ok").json().getString("orderId");
            await().atMost(SETTLE).until(() -> "AUTHORIZING".equals(sagaStep(platform, order)));

            platform.query("INSERT INTO deadlines (saga, correlation_id, name, step, due_at) "
                    + "VALUES ('order-saga', '" + order + "', 'step-before', 'RESERVING', now())");
            await().atMost(SETTLE).until(() -> platform.count("SELECT count(*) FROM events WHERE type = 'saga.deadline-reached' "
                    + "AND payload->>'correlationId' = '" + order + "'") == 1);
            // the saga has read it once its subscription is past it: a later event of the order is handled after it
            setGateway(platform, 0.0, 0);

            await().atMost(SETTLE).until(() -> "CONFIRMED".equals(platform.http().get("/orders/" + order).json().getString("status")));
            assertThat(platform.query("SELECT step FROM saga_steps WHERE correlation_id = '" + order + "' ORDER BY seq"))
                    .extracting(row -> row.getString(0))
                    .containsExactly("RESERVING", "AUTHORIZING", "CAPTURING", "CONFIRMING", "CONFIRMED");
            assertThat(platform.count("SELECT count(*) FROM events WHERE type = 'payment.captured'")).isEqualTo(1);
        }
    }

    /**
     * Gateway calls take a while, and orders arrive faster than one at a time: once several sagas
     * wait for an authorization, some authorizations are under way at the gateway and will succeed,
     * so the outage that begins now meets their captures as well as the authorizations after them.
     */
    private static void startOrdersAtEveryStep(LaunchedPlatform platform, PacedOrders orders) {
        setGateway(platform, 0.0, LATENCY_MS);
        orders.start();
        await().atMost(SETTLE).until(() -> orders.accepted() >= 20
                && platform.count("SELECT count(*) FROM sagas WHERE step = 'AUTHORIZING'") >= 2);
    }

    /** The test profile with short payment retries and the given saga step timeout. */
    private static JsonObject config(Duration stepTimeout) {
        return new JsonObject()
                .put("order", new JsonObject().put("saga", new JsonObject().put("stepTimeoutMs", stepTimeout.toMillis())))
                .put("agents", new JsonObject().put("payment", new JsonObject().put("retry", new JsonObject()
                        .put("maxAttempts", 3).put("initialDelayMs", 20).put("maxDelayMs", 100).put("multiplier", 2.0)
                        .put("jitter", 0.1))));
    }

    private static OrderFlowInvariants invariants(LaunchedPlatform platform) {
        PgSettings database = platform.node().database();
        return new OrderFlowInvariants("jdbc:postgresql://" + database.host() + ":" + database.port() + "/" + database.database(),
                platform.http());
    }

    private static Set<String> reasons(LaunchedPlatform platform) {
        return Set.copyOf(platform.query("SELECT DISTINCT reason FROM order_view WHERE reason IS NOT NULL").stream()
                .map(row -> row.getString(0)).toList());
    }

    private static String sagaStep(LaunchedPlatform platform, String order) {
        var rows = platform.query("SELECT step FROM sagas WHERE correlation_id = '" + order + "'");
        return rows.isEmpty() ? null : rows.get(0).getString(0);
    }

    private static void setGateway(LaunchedPlatform platform, double failureRate, int latencyMs) {
        assertThat(platform.http().put("/admin/payment-gateway",
                new JsonObject().put("failureRate", failureRate).put("latencyMs", latencyMs).encode(),
                "Content-Type", "application/json").status()).isEqualTo(200);
    }

    private static void setStock(LaunchedPlatform platform, String sku) {
        assertThat(platform.http().put("/stock/" + sku, new JsonObject().put("available", STOCK).encode(),
                "Content-Type", "application/json").status()).isEqualTo(200);
    }

    private static Response place(HttpClientForTests http, String key, String paymentMethod) {
        JsonArray items = new JsonArray();
        SKUS.forEach(sku -> items.add(new JsonObject().put("sku", sku).put("quantity", 1).put("unitPrice", "3.00")));
        return http.post("/orders", new JsonObject().put("customerId", "c-" + key).put("paymentMethod", paymentMethod)
                .put("items", items).encode(), "Content-Type", "application/json", "Idempotency-Key", key);
    }

    /**
     * One order every {@value #EVERY_MS} ms, each with its key (one in four with a declined card),
     * at a pace the payment agent keeps up with: so orders stand at every step, and the test ends
     * with a backlog it can wait out.
     */
    private static final class PacedOrders implements AutoCloseable {
        static final long EVERY_MS = 40;
        private final HttpClientForTests http;
        private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        private final Map<String, String> byKey = new ConcurrentHashMap<>();
        private final List<String> errors = new CopyOnWriteArrayList<>();
        private final AtomicInteger sequence = new AtomicInteger();

        PacedOrders(HttpClientForTests http) {
            this.http = http;
        }

        void start() {
            clock.scheduleAtFixedRate(this::placeOne, 0, EVERY_MS, TimeUnit.MILLISECONDS);
        }

        int accepted() {
            return byKey.size();
        }

        Map<String, String> byKey() {
            return Map.copyOf(byKey);
        }

        List<String> errors() {
            return List.copyOf(errors);
        }

        /** Stops placing; the order being placed is answered first. */
        void finish() throws InterruptedException {
            clock.shutdown();
            assertThat(clock.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        private void placeOne() {
            int n = sequence.incrementAndGet();
            String key = "paced-" + n;
            try {
                Response placed = place(http, key, n % 4 == 0 ? "card-declined" : "card-ok");
                if (placed.status() == 202) {
                    byKey.put(key, placed.json().getString("orderId"));
                } else {
                    errors.add(key + " answered " + placed.status() + " " + placed.body());
                }
            } catch (RuntimeException e) {
                errors.add(key + " failed: " + e);
            }
        }

        @Override
        public void close() {
            clock.shutdownNow();
        }
    }
}
