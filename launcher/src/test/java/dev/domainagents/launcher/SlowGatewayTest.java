package dev.domainagents.launcher;

import dev.domainagents.core.testkit.HttpClientForTests.Response;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A payment gateway slowed to seconds, over HTTP: the payment agent calls it with no database
 * transaction open, so no connection waits with it and no open transaction holds back the
 * subscriptions (which read only below the oldest running transaction): an order that needs no
 * payment goes through the saga and the order view in its usual time while payments wait.
 */
class SlowGatewayTest {
    private static final String JSON = "application/json";
    private static final long LATENCY_MS = 5_000;
    private static final int SLOW_ORDERS = 10; // more than the test profile's pool of 8 connections
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void anOrderWithoutPaymentEndsQuicklyWhilePaymentsWaitForASlowGateway() throws Exception {
        JsonObject config = new JsonObject()
                .put("breaker", new JsonObject().put("callTimeoutMs", 4 * LATENCY_MS)) // slow, not failing
                .put("order", new JsonObject().put("saga", new JsonObject().put("stepTimeoutMs", 600_000)));
        try (LaunchedPlatform platform = LaunchedPlatform.start(temp, config)) {
            platform.setStock("SKU-PAID", 100);
            platform.setStock("SKU-SCARCE", 1);
            Response slowed = platform.http().put("/admin/payment-gateway",
                    new JsonObject().put("failureRate", 0.0).put("latencyMs", LATENCY_MS).encode(), "Content-Type", JSON);
            assertThat(slowed.status()).isEqualTo(200);

            List<String> paid = new ArrayList<>();
            for (int i = 0; i < SLOW_ORDERS; i++) {
                paid.add(platform.placeOrder("SKU-PAID", 1));
            }
            await().atMost(WAIT).until(() -> platform.count(
                    "SELECT count(DISTINCT correlation_id) FROM saga_steps WHERE step = 'AUTHORIZING'") == SLOW_ORDERS);

            // the payments are now in their slow calls to the gateway
            long placed = System.nanoTime();
            String outOfStock = platform.placeOrder("SKU-SCARCE", 5);
            await().atMost(WAIT).until(() -> "CANCELLED".equals(platform.orderStatus(outOfStock)));
            long tookMs = (System.nanoTime() - placed) / 1_000_000;

            assertThat(tookMs).as("ms from placing the out-of-stock order to CANCELLED in the order view, gateway latency %d ms",
                    LATENCY_MS).isLessThan(LATENCY_MS / 3);
            assertThat(platform.count("SELECT count(*) FROM events WHERE type = 'payment.authorized'"))
                    .as("the payments were still waiting for the gateway").isZero();

            // while the gateway answers authorizations and then captures, no transaction waits with it
            AtomicLong longestIdleInTransactionMs = new AtomicLong();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                longestIdleInTransactionMs.accumulateAndGet(longestIdleInTransactionMs(platform), Math::max);
                return paid.stream().allMatch(order -> "CONFIRMED".equals(platform.orderStatus(order)));
            });
            assertThat(longestIdleInTransactionMs.get()).as("longest a transaction sat idle, in ms").isLessThan(LATENCY_MS / 4);
            assertThat(platform.count("SELECT count(*) FROM events WHERE type = 'payment.captured'")).isEqualTo(SLOW_ORDERS);
            assertThat(platform.count("SELECT count(*) FROM dead_letters")).isZero();
        }
    }

    /** How long the longest-idle open transaction on the node's database has sat idle (0 if none). */
    private static long longestIdleInTransactionMs(LaunchedPlatform platform) {
        return platform.count("SELECT coalesce(max(extract(epoch FROM now() - state_change) * 1000), 0)::bigint"
                + " FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'");
    }
}
