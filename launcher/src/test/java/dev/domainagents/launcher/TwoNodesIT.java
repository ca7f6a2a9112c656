package dev.domainagents.launcher;

import dev.domainagents.core.store.PgSettings;
import dev.domainagents.core.testkit.HttpClientForTests;
import dev.domainagents.core.testkit.TestPlatform;
import dev.domainagents.core.testkit.TestPostgres;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes of a cluster, each from the launcher jar in a JVM of its own, both running every
 * agent on one PostgreSQL. Every durable consumer runs on one node at a time; the order saga is split into
 * segments, and the node that starts second takes its share. The node holding the leases is
 * killed with SIGKILL under load: the survivor takes them over within the bound, and every
 * accepted order ends right, with stock, payments and notifications exact.
 */
class TwoNodesIT {
    private static final Map<String, Integer> STOCK = Map.of("SKU-1", 150, "SKU-2", 5_000, "SKU-3", 5_000);
    private static final int SAGA_SEGMENTS = 4;
    private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(10);
    private static final Duration SETTLE = Duration.ofMinutes(2);

    /** Kept when the test fails, with each node's log. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;
    private final int firstMember = LauncherProcess.freePort();
    private final int secondMember = LauncherProcess.freePort();

    @Test
    void everyConsumerRunsOnOneNodeTheSecondTakesItsShareAndTheSurvivorOfASigkillTakesOver() throws Exception {
        PgSettings database = TestPostgres.freshDatabase();
        try (LauncherProcess first = node("first", database).start()) {
            STOCK.forEach((sku, available) -> assertThat(first.http()
                    .put("/stock/" + sku, new JsonObject().put("available", available).encode(), "Content-Type", "application/json")
                    .status()).isEqualTo(200));
            try (LauncherProcess second = node("second", database);
                 OrderTraffic toFirst = OrderTraffic.start(first.http(), 4, "first")) {
                await().atMost(Duration.ofMinutes(1)).until(() -> toFirst.accepted() >= 30);
                assertThat(sagaSegmentsHeldBy(first)).as("alone, the first node holds every segment").isEqualTo(SAGA_SEGMENTS);

                second.start();
                try (OrderTraffic toSecond = OrderTraffic.start(second.http(), 4, "second")) {
                    await("the second node's share of the saga's segments").atMost(TAKEOVER_BOUND)
                            .until(() -> sagaSegmentsHeldBy(first) == 2 && sagaSegmentsHeldBy(second) == 2);
                    for (int sample = 0; sample < 5; sample++) {
                        assertEachLeaseHeldByOneNodeAtMost(first);
                    }
                    await().atMost(Duration.ofMinutes(1)).until(() -> toSecond.accepted() >= 30);

                    LauncherProcess holder = holds(first, "saga-deadlines") ? first : second;
                    LauncherProcess survivor = holder == first ? second : first;
                    OrderTraffic toHolder = holder == first ? toFirst : toSecond;
                    toHolder.hold();
                    holder.kill();
                    long killedAt = System.nanoTime();
                    await("the survivor holds every lease").atMost(TAKEOVER_BOUND.plusSeconds(5))
                            .until(() -> leases(survivor).values().stream().allMatch(Boolean::booleanValue)
                                    && sagaSegmentsHeldBy(survivor) == SAGA_SEGMENTS);
                    assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("takeover").isLessThan(TAKEOVER_BOUND);

                    holder.start();
                    toHolder.resendUnanswered();
                    toHolder.release();
                    await().atMost(Duration.ofMinutes(1)).until(() -> toHolder.accepted() >= 60);
                    toFirst.finish();
                    toSecond.finish();
                    assertThat(toFirst.errors()).isEmpty();
                    assertThat(toSecond.errors()).isEmpty();

                    Map<String, String> ordersByKey = new HashMap<>(toFirst.ordersByKey());
                    ordersByKey.putAll(toSecond.ordersByKey());
                    String jdbcUrl = "jdbc:postgresql://" + database.host() + ":" + database.port() + "/" + database.database();
                    OrderFlowInvariants invariants = new OrderFlowInvariants(jdbcUrl, first.http());
                    invariants.assertHold(ordersByKey, STOCK, SETTLE);
                    assertThat(invariants.count("SELECT count(*) FROM notifications")).as("one notification per order")
                            .isEqualTo(ordersByKey.size());
                }
            }
        }
    }

    private LauncherProcess node(String name, PgSettings database) throws Exception {
        Path nodeDir = Files.createDirectories(dir.resolve(name));
        JsonObject config = TestPlatform.testConfig()
                .put("db", LaunchedPlatform.databaseConfig(database))
                .put("agents", new JsonObject().put("order-saga", new JsonObject().put("segments", SAGA_SEGMENTS)));
        int member = name.equals("first") ? firstMember : secondMember;
        return LauncherProcess.of(nodeDir, config, "--cluster", "--cluster-port=" + member,
                "--cluster-members=127.0.0.1:" + firstMember + ",127.0.0.1:" + secondMember);
    }

    /** From the cluster view of {@code GET /admin/agents}, both nodes asked at once: no lease is held by both. */
    private static void assertEachLeaseHeldByOneNodeAtMost(LauncherProcess asked) {
        JsonObject view = asked.http().get("/admin/agents").json();
        assertThat(view.getJsonArray("nodes")).as("both nodes answer").hasSize(2);
        Map<String, Integer> holders = new HashMap<>();
        Set<String> names = new TreeSet<>();
        for (Object node : view.getJsonArray("nodes")) {
            JsonObject leases = ((JsonObject) node).getJsonObject("leases");
            leases.fieldNames().forEach(lease -> {
                names.add(lease);
                holders.merge(lease, leases.getBoolean(lease) ? 1 : 0, Integer::sum);
            });
        }
        assertThat(names).contains("outbox-relay", "saga-deadlines", "inbox-pruner", "subscription:order-view");
        names.forEach(lease -> assertThat(holders.get(lease)).as("nodes holding lease %s", lease).isLessThanOrEqualTo(1));
    }

    private static boolean holds(LauncherProcess node, String lease) {
        return leases(node).getOrDefault(lease, false);
    }

    private static long sagaSegmentsHeldBy(LauncherProcess node) {
        return leases(node).entrySet().stream()
                .filter(lease -> lease.getKey().startsWith("subscription:order-saga#") && lease.getValue()).count();
    }

    private static Map<String, Boolean> leases(LauncherProcess node) {
        HttpClientForTests.Response agents = node.http().get("/admin/agents");
        assertThat(agents.status()).isEqualTo(200);
        Map<String, Boolean> leases = new HashMap<>();
        JsonObject held = agents.json().getJsonObject("leases");
        held.fieldNames().forEach(name -> leases.put(name, held.getBoolean(name)));
        return leases;
    }
}
