package dev.domainagents.launcher;

import dev.domainagents.core.agent.Agent;
import dev.domainagents.core.agent.AgentModule;
import dev.domainagents.core.store.PgSettings;
import dev.domainagents.core.testkit.HttpClientForTests;
import dev.domainagents.core.testkit.TestPlatform;
import dev.domainagents.core.testkit.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starts real nodes in this JVM, as the command line would, and checks them from the outside. */
class StartupTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final List<AgentModule> MODULES = LaunchedPlatform.MODULES;
    /** Which agents each module deploys, read from the modules themselves. */
    private static final Map<String, List<String>> AGENTS_OF = new HashMap<>();

    @TempDir
    Path temp;

    @BeforeAll
    static void readAgentNames() {
        try (TestPlatform platform = TestPlatform.start()) {
            for (AgentModule module : MODULES) {
                AGENTS_OF.put(module.name(), module.agents(platform.runtime()).stream().map(Supplier::get).map(Agent::name).toList());
            }
        }
    }

    @Test
    void launcherDeploysExactlyTheSubsetAskedFor() throws Exception {
        assertThat(MODULES).extracting(AgentModule::name).contains("stock", "order");

        List<String> stockOnly = agentsServedBy("http,stock");
        List<String> allButStock = agentsServedBy("http," + String.join(",",
                MODULES.stream().map(AgentModule::name).filter(name -> !name.equals("stock")).toList()));

        assertThat(stockOnly).containsExactlyInAnyOrderElementsOf(expectedAgents("http,stock"));
        assertThat(allButStock).containsExactlyInAnyOrderElementsOf(expectedAgents(String.join(",",
                MODULES.stream().map(AgentModule::name).filter(name -> !name.equals("stock")).toList())));
        assertThat(stockOnly).doesNotContainAnyElementsOf(allButStock);
    }

    @Test
    void nodeWithoutHttpDeploysItsAgentsAndListensOnNoPort() throws Exception {
        Node node = start("--agents=stock", "--config=" + externalDatabase(new JsonObject()));
        try {
            assertThat(node.httpPort()).isEqualTo(-1);
            assertThat(node.kafkaBootstrapServers()).as("no Kafka configured: no bridge").isEmpty();
            assertThat(node.agents()).extracting(entry -> entry.name()).containsExactlyElementsOf(AGENTS_OF.get("stock"));
        } finally {
            node.stop(TIMEOUT);
        }
    }

    @Test
    void instancesSettingDeploysThatManyOfEachAgentOfTheModule() throws Exception {
        Node node = start("--agents=stock", "--config=" + externalDatabase(new JsonObject()
                .put("agents", new JsonObject().put("stock", new JsonObject().put("instances", 3)))));
        try {
            assertThat(node.agents()).hasSize(3 * AGENTS_OF.get("stock").size());
        } finally {
            node.stop(TIMEOUT);
        }
    }

    @Test
    void testProfileStartsAnEmbeddedDatabaseOnAFreePortAndStopStopsIt() throws Exception {
        Node node = start("--agents=http", "--config=classpath:config/test.json", "--data-dir=" + temp);
        PgSettings database = node.database();
        HttpClientForTests http = new HttpClientForTests("http://127.0.0.1:" + node.httpPort());
        try {
            assertThat(http.get("/ready").status()).isEqualTo(200);
            assertThat(database.port()).isNotEqualTo(15432);
            assertThat(temp.resolve("postgres").resolve("postmaster.pid")).exists();
        } finally {
            node.stop(TIMEOUT);
        }
        assertThat(temp.resolve("postgres").resolve("postmaster.pid")).doesNotExist();
        assertThat(accepts(database.port())).isFalse();
    }

    @Test
    void failedStartNamesTheBadKeyAndStopsTheEmbeddedDatabaseItStarted() throws IOException {
        Path config = temp.resolve("bad-gateway.json");
        Files.writeString(config, new JsonObject().put("db", new JsonObject().put("port", 0))
                .put("payment", new JsonObject().put("gateway", new JsonObject().put("failureRate", 2.0))).encode());

        assertThatThrownBy(() -> start("--agents=payment", "--config=" + config, "--data-dir=" + temp))
                .hasMessageContaining("payment.gateway.failureRate=2.0");
        assertThat(temp.resolve("postgres").resolve("PG_VERSION")).exists();
        assertThat(temp.resolve("postgres").resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void badConfigurationValueStopsTheStartBeforeAnythingStarts() throws IOException {
        Path config = temp.resolve("bad.json");
        Files.writeString(config, new JsonObject().put("delivery", new JsonObject()
                .put("retry", new JsonObject().put("maxAttempts", 0))).encode());

        assertThatThrownBy(() -> start("--config=" + config, "--data-dir=" + temp))
                .hasMessageContaining("delivery.retry.maxAttempts=0");
        assertThat(temp.resolve("postgres")).doesNotExist();
    }

    private List<String> agentsServedBy(String agents) throws Exception {
        Node node = start("--agents=" + agents, "--http-port=0", "--config=" + externalDatabase(new JsonObject()));
        try {
            HttpClientForTests http = new HttpClientForTests("http://127.0.0.1:" + node.httpPort());
            assertThat(http.get("/health").status()).isEqualTo(200);
            assertThat(http.get("/ready").status()).isEqualTo(200);
            JsonObject answer = http.get("/admin/agents").json();
            JsonArray listed = answer.getJsonArray("agents");
            assertThat(answer.getJsonArray("nodes")).as("a node outside a cluster is the whole cluster-wide view").hasSize(1);
            assertThat(answer.getJsonArray("nodes").getJsonObject(0).getJsonArray("agents")).isEqualTo(listed);
            assertThat(answer.getJsonArray("unanswered")).isEmpty();
            return IntStream.range(0, listed.size()).mapToObj(i -> listed.getJsonObject(i).getString("name")).toList();
        } finally {
            node.stop(TIMEOUT);
        }
    }

    private static List<String> expectedAgents(String chosen) {
        List<String> expected = new ArrayList<>();
        for (String name : chosen.split(",")) {
            expected.addAll(AGENTS_OF.getOrDefault(name, List.of()));
        }
        return expected;
    }

    private static Node start(String... args) throws Exception {
        return LaunchedPlatform.startNode(List.of(args));
    }

    private Path externalDatabase(JsonObject more) throws IOException {
        JsonObject db = LaunchedPlatform.databaseConfig(TestPostgres.freshDatabase()).put("poolSize", 4);
        Path config = temp.resolve("external-" + System.nanoTime() + ".json");
        Files.writeString(config, more.copy().put("db", db).encode());
        return config;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
