package dev.domainagents.launcher;

import dev.domainagents.core.testkit.HttpClientForTests;
import dev.domainagents.core.testkit.HttpClientForTests.Response;
import dev.domainagents.core.testkit.TestPlatform;
import dev.domainagents.core.testkit.TestPostgres;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A node without the HTTP ingress can still be watched and scraped, on its management port. */
class ManagementPortTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path temp;

    @Test
    void aClusterNodeWithoutHttpServesHealthReadinessAndMetricsOnItsManagementPortByDefault() throws Exception {
        int management = LauncherProcess.freePort();
        int hazelcast = LauncherProcess.freePort();
        Node node = LaunchedPlatform.startNode(java.util.List.of("--agents=stock", "--config=" + config(management),
                "--cluster", "--cluster-port=" + hazelcast, "--cluster-members=127.0.0.1:" + hazelcast));
        try {
            assertThat(node.httpPort()).as("no HTTP ingress").isEqualTo(-1);
            HttpClientForTests http = new HttpClientForTests("http://127.0.0.1:" + management);

            assertThat(http.get("/health").json().getString("status")).isEqualTo("UP");
            Response ready = http.get("/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().getJsonObject("checks").getString("database")).isEqualTo("UP");
            Response metrics = http.get("/metrics");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            assertThat(metrics.body()).contains("jvm_memory_used_bytes", "vertx_eventbus_handlers");
            assertThat(http.get("/admin/dlq").status()).as("nothing but the three routes").isEqualTo(404);
            assertThat(http.get("/stock/SKU-1").status()).isEqualTo(404);
            assertThat(http.post("/health", "{}", "Content-Type", "application/json").status()).isEqualTo(405);
            assertThat(Promtool.problemsIn(metrics.body())).isEmpty();
        } finally {
            node.stop(TIMEOUT);
        }
        assertThat(accepts(management)).as("closed with the node").isFalse();
    }

    @Test
    void aNodeOutsideAClusterOpensItOnlyWhenAsked() throws Exception {
        int management = LauncherProcess.freePort();
        Node quiet = LaunchedPlatform.startNode(java.util.List.of("--agents=stock", "--config=" + config(management)));
        try {
            assertThat(accepts(management)).as("off by default outside a cluster").isFalse();
        } finally {
            quiet.stop(TIMEOUT);
        }

        Node asked = LaunchedPlatform.startNode(java.util.List.of("--agents=stock", "--config=" + config(0),
                "--management-port=" + management));
        try {
            assertThat(new HttpClientForTests("http://127.0.0.1:" + management).get("/ready").status()).isEqualTo(200);
        } finally {
            asked.stop(TIMEOUT);
        }
    }

    @Test
    void badManagementOrGaugeSettingsStopTheStartNamingTheKey() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LaunchSettings.from(TestPlatform.testConfig()
                        .put("management", new JsonObject().put("enabled", "sometimes"))))
                .hasMessageContaining("management.enabled=sometimes");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LaunchSettings.from(TestPlatform.testConfig()
                        .put("management", new JsonObject().put("port", 70000))))
                .hasMessageContaining("management.port=70000");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LaunchSettings.from(TestPlatform.testConfig()
                        .put("metrics", new JsonObject().put("gaugeIntervalMs", 5))))
                .hasMessageContaining("metrics.gaugeIntervalMs=5");
    }

    /** The test profile on a fresh database, the management port at {@code port}. */
    private Path config(int port) throws IOException {
        JsonObject config = TestPlatform.testConfig()
                .put("db", LaunchedPlatform.databaseConfig(TestPostgres.freshDatabase()).put("poolSize", 4))
                .put("management", new JsonObject().put("port", port))
                .put("admin", new JsonObject().put("token", "management-test-token")); // a cluster node needs one
        Path file = temp.resolve("config-" + System.nanoTime() + ".json");
        Files.writeString(file, config.encode());
        return file;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
