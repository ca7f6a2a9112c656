package dev.domainagents.launcher;

import dev.domainagents.core.agent.AgentModule;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTest {
    private static final List<AgentModule> MODULES =
            ServiceLoader.load(AgentModule.class).stream().map(ServiceLoader.Provider::get).toList();

    private final AtomicReference<LaunchOptions> launched = new AtomicReference<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void noFlagsIsTheDevLaunchOfEveryAgent() {
        int code = run();

        assertThat(code).isZero();
        List<String> all = new java.util.ArrayList<>(List.of("http"));
        MODULES.forEach(module -> all.add(module.name()));
        assertThat(launched.get()).isEqualTo(new LaunchOptions(all, Optional.empty(), Optional.empty(), Path.of("data")));
    }

    @Test
    void flagsBecomeTheLaunchOptions() {
        int code = run("--agents=stock,http", "--config=my.json", "--http-port=0", "--data-dir=/tmp/elsewhere");

        assertThat(code).isZero();
        assertThat(launched.get()).isEqualTo(new LaunchOptions(List.of("stock", "http"), Optional.of("my.json"),
                Optional.of(0), Path.of("/tmp/elsewhere")));
    }

    @Test
    void clusterFlagsOverrideTheClusterKeys() {
        int code = run("--cluster", "--cluster-host=10.0.0.5", "--cluster-port=5702",
                "--cluster-members=10.0.0.4:5701,10.0.0.5:5702");

        assertThat(code).isZero();
        assertThat(launched.get().configOverrides().getJsonObject("cluster")).isEqualTo(new io.vertx.core.json.JsonObject()
                .put("enabled", true).put("host", "10.0.0.5").put("port", 5702).put("members", "10.0.0.4:5701,10.0.0.5:5702"));
    }

    @Test
    void withoutClusterFlagsTheConfigurationDecides() {
        int code = run("--http-port=0");

        assertThat(code).isZero();
        assertThat(launched.get().configOverrides().containsKey("cluster")).isFalse();
    }

    @Test
    void malformedClusterMembersFailNamingTheFlag() {
        int code = run("--cluster", "--cluster-members=127.0.0.1:5701,127.0.0.1");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--cluster-members", "host:port");
        assertThat(launched.get()).isNull();
    }

    @Test
    void kafkaEmbeddedFlagTurnsTheEmbeddedBrokerOn() {
        int code = run("--kafka-embedded");

        assertThat(code).isZero();
        assertThat(launched.get().kafkaEmbedded()).isTrue();
        assertThat(launched.get().configOverrides().getJsonObject("kafka").getBoolean("embedded")).isTrue();
    }

    @Test
    void unknownFlagFailsAtOnceNamingIt() {
        int code = run("--agent=http");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--agent=http'");
        assertThat(launched.get()).isNull();
    }

    @Test
    void unknownAgentFailsAtOnceNamingItAndTheKnownOnes() {
        int code = run("--agents=http,billing");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown agent 'billing'", "known agents: http, " + MODULES.get(0).name());
        assertThat(launched.get()).isNull();
    }

    @Test
    void httpPortOutsideTheTcpRangeFailsNamingTheFlag() {
        int code = run("--http-port=70000");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--http-port", "70000");
        assertThat(launched.get()).isNull();
    }

    @Test
    void helpDocumentsEveryFlagAndTheKnownAgents() {
        int code = run("--help");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("--agents", "--config", "--http-port", "--data-dir", "--cluster",
                "--cluster-host", "--cluster-port", "--cluster-members", "--help", "--version",
                "DOMAIN_AGENTS_", "-Ddb.port");
        MODULES.forEach(module -> assertThat(out.toString()).contains(module.name()));
        assertThat(launched.get()).isNull();
    }

    private int run(String... args) {
        return Main.commandLine(MODULES, options -> {
                    launched.set(options);
                    return 0;
                })
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }
}
