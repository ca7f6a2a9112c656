package dev.domainagents.launcher;

import dev.domainagents.core.store.PgSettings;
import dev.domainagents.core.testkit.TestPlatform;
import dev.domainagents.core.testkit.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order flow across three JVMs started from the launcher jar, joined in one cluster
 * through Hazelcast on the loopback and sharing one PostgreSQL: one node runs {@code http} and
 * {@code order}, one {@code stock} (two instances, to use its cores), one {@code payment}. Every command between
 * the order saga and stock or payment, and every reply, crosses processes on the clustered
 * event bus; stock set over HTTP reaches the stock node the same way. At rest, every accepted
 * order is terminal and the API.md invariants hold exactly.
 */
class ClusterIT {
    private static final Map<String, Integer> STOCK = Map.of("SKU-1", 120, "SKU-2", 5_000, "SKU-3", 5_000);
    private static final int ORDERS = 300;
    private static final int CLIENTS = 8;
    private static final Duration SETTLE = Duration.ofMinutes(2);

    /** Kept when the test fails, with each node's log. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void threeNodesEachRunningPartOfTheFlowEndEveryOrderExactly() throws Exception {
        PgSettings database = TestPostgres.freshDatabase();
        List<Integer> clusterPorts = IntStream.range(0, 3).mapToObj(i -> LauncherProcess.freePort()).toList();
        String members = String.join(",", clusterPorts.stream().map(port -> "127.0.0.1:" + port).toList());
        try (LauncherProcess http = LauncherProcess.of(node("http"), config(database), "--agents=http,order",
                "--cluster", "--cluster-port=" + clusterPorts.get(0), "--cluster-members=" + members);
             LauncherProcess stock = LauncherProcess.withoutHttp(node("stock"), config(database)
                     .put("agents", new JsonObject().put("stock", new JsonObject().put("instances", 2))),
                     "--agents=stock", "--cluster", "--cluster-port=" + clusterPorts.get(1), "--cluster-members=" + members);
             LauncherProcess payment = LauncherProcess.withoutHttp(node("payment"), config(database), "--agents=payment",
                     "--cluster", "--cluster-port=" + clusterPorts.get(2), "--cluster-members=" + members)) {
            startTogether(http, stock, payment);
            JsonObject agents = http.http().get("/admin/agents").json();
            assertThat(names(agents.getJsonArray("agents"))).as("the HTTP node runs the order agents and neither stock nor payment")
                    .contains("order", "order-saga").doesNotContain("stock", "payment");
            everyNodeListedWithItsOwnAgents(agents, http, stock, payment);

            setStock(http);
            try (OrderTraffic traffic = OrderTraffic.start(http.http(), CLIENTS)) {
                await(ORDERS + " orders accepted").atMost(Duration.ofMinutes(1)).until(() -> traffic.accepted() >= ORDERS);
                traffic.finish();
                assertThat(traffic.errors()).isEmpty();
                assertThat(traffic.unansweredKeys()).isEmpty();
                assertThat(traffic.ordersByKey()).hasSizeGreaterThanOrEqualTo(ORDERS);
                new OrderFlowInvariants(jdbcUrl(database), http.http()).assertHold(traffic.ordersByKey(), STOCK, SETTLE);
            }
            assertThat(List.of(http, stock, payment)).as("no node fell over").allMatch(LauncherProcess::isAlive);
        }
    }

    private Path node(String name) throws Exception {
        return Files.createDirectories(dir.resolve(name));
    }

    /** The test profile on the shared database, which no node starts: all three connect to it. */
    private static JsonObject config(PgSettings database) {
        return TestPlatform.testConfig().put("db", new JsonObject().put("embedded", false)
                .put("host", database.host()).put("port", database.port()).put("database", database.database())
                .put("user", database.user()).put("password", database.password()).put("poolSize", 8));
    }

    /** The first node creates the schema; the other two then start side by side and join it. */
    private static void startTogether(LauncherProcess first, LauncherProcess... others) throws Exception {
        first.start();
        CompletableFuture.allOf(List.of(others).stream().map(node -> CompletableFuture.runAsync(() -> {
            try {
                node.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).toArray(CompletableFuture[]::new)).join();
    }

    /** The cluster-wide view: each JVM, by its process id, with the agents it runs and no others. */
    private static void everyNodeListedWithItsOwnAgents(JsonObject agents, LauncherProcess http, LauncherProcess stock,
                                                        LauncherProcess payment) {
        assertThat(agents.getJsonArray("unanswered")).isEmpty();
        Map<Long, List<String>> byPid = agents.getJsonArray("nodes").stream().map(JsonObject.class::cast).collect(
                Collectors.toMap(node -> Long.parseLong(node.getString("node").substring(node.getString("node").lastIndexOf('/') + 1)),
                        node -> names(node.getJsonArray("agents"))));
        assertThat(byPid).containsOnlyKeys(http.pid(), stock.pid(), payment.pid());
        assertThat(byPid.get(http.pid())).containsExactlyInAnyOrderElementsOf(names(agents.getJsonArray("agents")));
        assertThat(byPid.get(stock.pid())).as("two instances of the stock agent").containsExactly("stock", "stock");
        assertThat(byPid.get(payment.pid())).contains("payment").doesNotContain("stock", "order");
    }

    private static List<String> names(JsonArray agents) {
        return agents.stream().map(agent -> ((JsonObject) agent).getString("name")).toList();
    }

    /**
     * Each set is a command the HTTP node sends to the stock node; until the HTTP node has
     * learnt of the stock node's consumers (the cluster shares registrations asynchronously)
     * it answers 503, as it would to a client: the test retries as a client does.
     */
    private static void setStock(LauncherProcess node) {
        STOCK.forEach((sku, available) -> await("stock of " + sku + " set").atMost(Duration.ofSeconds(30))
                .until(() -> node.http().put("/stock/" + sku, new JsonObject().put("available", available).encode(),
                        "Content-Type", "application/json").status() == 200));
    }

    private static String jdbcUrl(PgSettings database) {
        return "jdbc:postgresql://" + database.host() + ":" + database.port() + "/" + database.database();
    }
}
