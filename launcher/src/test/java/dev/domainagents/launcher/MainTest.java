package dev.domainagents.launcher;

import dev.domainagents.core.store.PgSettings;
import dev.domainagents.core.testkit.HttpClientForTests;
import dev.domainagents.core.testkit.TestPostgres;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    @TempDir
    Path temp;

    @Test
    void launcherDeploysExactlyTheSubsetAskedFor() throws IOException {
        assertThat(agentsServedBy("http,stock")).containsExactly("stock");
        assertThat(agentsServedBy("http,order,payment,observer")).containsExactlyInAnyOrder("order", "payment", "observer");
    }

    @Test
    void nodeWithoutHttpDeploysItsAgentsAndServesNoPort() throws IOException {
        Main main = new Main();
        int code = new CommandLine(main).execute("--agents=stock", "--config=" + externalDatabaseConfig());
        try {
            assertThat(code).isZero();
            assertThat(main.node().httpPort()).isEqualTo(-1);
            assertThat(main.node().agents()).extracting(e -> e.name()).containsExactly("stock");
        } finally {
            main.node().stop(Duration.ofSeconds(30));
        }
    }

    @Test
    void unknownFlagFailsAtOnceNamingIt() {
        Result result = run("--agent=http");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown option: '--agent=http'");
    }

    @Test
    void unknownAgentFailsAtOnceNamingItAndTheKnownOnes() {
        Result result = run("--agents=http,billing");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown agent 'billing'", "http, order, stock, payment, observer");
    }

    @Test
    void badConfigurationValueStopsTheStartNamingTheKey() throws IOException {
        Path config = temp.resolve("bad.json");
        Files.writeString(config, new JsonObject().put("delivery", new JsonObject()
                .put("retry", new JsonObject().put("maxAttempts", 0))).put("db", databaseJson()).encode());

        Result result = run("--agents=stock", "--config=" + config);

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("delivery.retry.maxAttempts=0");
    }

    private List<String> agentsServedBy(String agents) throws IOException {
        Main main = new Main();
        int code = new CommandLine(main).execute("--agents=" + agents, "--http-port=0", "--config=" + externalDatabaseConfig());
        assertThat(code).isZero();
        try {
            HttpClientForTests http = new HttpClientForTests("http://127.0.0.1:" + main.node().httpPort());
            assertThat(http.get("/health").status()).isEqualTo(200);
            assertThat(http.get("/ready").status()).isEqualTo(200);
            var listed = http.get("/admin/agents").json().getJsonArray("agents");
            return IntStream.range(0, listed.size()).mapToObj(i -> listed.getJsonObject(i).getString("name")).toList();
        } finally {
            main.node().stop(Duration.ofSeconds(30));
        }
    }

    private Path externalDatabaseConfig() throws IOException {
        Path config = temp.resolve("external-" + System.nanoTime() + ".json");
        Files.writeString(config, new JsonObject().put("db", databaseJson()).encode());
        return config;
    }

    private static JsonObject databaseJson() {
        PgSettings database = TestPostgres.freshDatabase();
        return new JsonObject().put("embedded", false).put("host", database.host()).put("port", database.port())
                .put("database", database.database()).put("user", database.user()).put("password", database.password())
                .put("poolSize", 4);
    }

    private record Result(int code, String err) {
    }

    private static Result run(String... args) {
        StringWriter err = new StringWriter();
        Main main = new Main();
        int code = new CommandLine(main).setErr(new PrintWriter(err, true)).execute(args);
        if (main.node() != null) {
            main.node().stop(Duration.ofSeconds(30));
        }
        return new Result(code, err.toString());
    }
}
