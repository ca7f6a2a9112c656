package dev.domainagents.launcher;

import dev.domainagents.core.testkit.TestPlatform;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform's promise under real process death: a node started from the launcher jar is
 * killed with SIGKILL under load, twice, and restarted on the same data directory, where its
 * killed JVM left its PostgreSQL running; or it is stopped with SIGTERM under load. Clients
 * send again, with the same Idempotency-Key, each request whose answer was lost. Afterwards
 * every accepted order is terminal, no key made two orders, stock is exact and each
 * confirmed order's payment was captured once, and no other.
 */
class ProcessCrashIT {
    private static final Map<String, Integer> STOCK = Map.of("SKU-1", 120, "SKU-2", 5_000, "SKU-3", 5_000);
    private static final int CLIENTS = 8;
    private static final Duration SETTLE = Duration.ofMinutes(2);

    /** Kept when a test fails, with the node's log. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void sigkillTwiceUnderLoadLosesNothingAndRecoversTheDatabaseItLeftRunning() throws Exception {
        int databasePort = LauncherProcess.freePort();
        try (LauncherProcess node = LauncherProcess.of(dir, config(databasePort)).start()) {
            setStock(node);
            try (OrderTraffic traffic = OrderTraffic.start(node.http(), CLIENTS)) {
                for (int crash = 1; crash <= 2; crash++) {
                    awaitMoreAccepted(traffic, 60);
                    traffic.hold();
                    node.kill();
                    assertThat(postmasterRunning(node)).as("the killed JVM's PostgreSQL is still running").isTrue();
                    node.start();
                    traffic.resendUnanswered();
                    traffic.release();
                }
                awaitMoreAccepted(traffic, 60);
                traffic.finish();
                assertThat(traffic.errors()).isEmpty();
                assertThat(traffic.unansweredKeys()).isEmpty();
                sameOrderForAKeySentAgain(traffic);
                new OrderFlowInvariants(jdbcUrl(databasePort), node.http()).assertHold(traffic.ordersByKey(), STOCK, SETTLE);
            }
            assertThat(Files.readString(node.log())).contains("database.embedded.leftover_server");
        }
    }

    @Test
    void sigtermUnderLoadStopsCleanlyAndLeavesNoSagaHalfDone() throws Exception {
        int databasePort = LauncherProcess.freePort();
        try (LauncherProcess node = LauncherProcess.of(dir, config(databasePort)).start()) {
            setStock(node);
            try (OrderTraffic traffic = OrderTraffic.start(node.http(), CLIENTS)) {
                awaitMoreAccepted(traffic, 100);
                assertThat(node.terminate()).as("exit code after SIGTERM").isZero();
                assertThat(postmasterRunning(node)).as("the node stopped its PostgreSQL").isFalse();
                traffic.hold();
                node.start();
                traffic.resendUnanswered();
                traffic.release();
                awaitMoreAccepted(traffic, 30);
                traffic.finish();
                assertThat(traffic.errors()).isEmpty();
                new OrderFlowInvariants(jdbcUrl(databasePort), node.http()).assertHold(traffic.ordersByKey(), STOCK, SETTLE);
            }
        }
    }

    /** The test profile, with the node's own embedded PostgreSQL on a port the test can read it on. */
    private static JsonObject config(int databasePort) {
        return TestPlatform.testConfig().put("db", new JsonObject().put("embedded", true).put("port", databasePort));
    }

    private static void setStock(LauncherProcess node) {
        STOCK.forEach((sku, available) -> assertThat(node.http()
                .put("/stock/" + sku, new JsonObject().put("available", available).encode(), "Content-Type", "application/json")
                .status()).isEqualTo(200));
    }

    private static void awaitMoreAccepted(OrderTraffic traffic, int more) {
        int target = traffic.accepted() + more;
        await(more + " more orders accepted").atMost(Duration.ofMinutes(1)).until(() -> traffic.accepted() >= target);
    }

    /** A request sent again after the crashes gets the order it got the first time. */
    private static void sameOrderForAKeySentAgain(OrderTraffic traffic) {
        List<String> keys = traffic.ordersByKey().keySet().stream().sorted().limit(20).toList();
        keys.forEach(key -> assertThat(traffic.resend(key)).as(key).isEqualTo(traffic.ordersByKey().get(key)));
    }

    private static boolean postmasterRunning(LauncherProcess node) throws Exception {
        Path pidFile = node.databaseDir().resolve(LeftoverServer.PID_FILE);
        if (!Files.exists(pidFile)) {
            return false;
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String jdbcUrl(int databasePort) {
        return "jdbc:postgresql://127.0.0.1:" + databasePort + "/postgres";
    }
}
