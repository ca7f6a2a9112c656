package dev.domainagents.launcher;

import dev.domainagents.core.agent.AgentModule;
import dev.domainagents.core.store.PgSettings;
import dev.domainagents.launcher.bench.BenchOptions;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class BenchCommandLineTest {
    private static final List<AgentModule> MODULES =
            ServiceLoader.load(AgentModule.class).stream().map(ServiceLoader.Provider::get).toList();

    private final AtomicReference<BenchOptions> benched = new AtomicReference<>();
    private final AtomicReference<LaunchOptions> launched = new AtomicReference<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void benchWithNoFlagsRunsTheDefaultLoadInThisJvmAndLaunchesNothing() {
        int code = run("bench");

        assertThat(code).isZero();
        assertThat(benched.get()).isEqualTo(new BenchOptions(2000, 2000, 64, Optional.empty(), Optional.empty(), Duration.ofSeconds(5)));
        assertThat(launched.get()).isNull();
    }

    @Test
    void flagsBecomeTheBenchOptions() {
        int code = run("bench", "--orders=10", "--warmup-orders=0", "--concurrency=4", "--url=http://node-1:8080",
                "--baseline-seconds=2",
                "--db-url=postgresql://bench:secret@db-host:5433/orders");

        assertThat(code).isZero();
        assertThat(benched.get()).isEqualTo(new BenchOptions(10, 0, 4, Optional.of(URI.create("http://node-1:8080")),
                Optional.of(new PgSettings("db-host", 5433, "orders", "bench", "secret", 1)), Duration.ofSeconds(2)));
    }

    @Test
    void benchHelpDocumentsEveryFlag() {
        int code = run("bench", "--help");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("--orders", "--warmup-orders", "--concurrency", "--url", "--db-url", "--baseline-seconds",
                "--help", "--version", "Exit codes");
        assertThat(benched.get()).isNull();
    }

    @Test
    void launcherHelpListsTheBenchCommand() {
        int code = run("--help");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("Commands:", "bench");
    }

    @Test
    void unknownBenchFlagFailsWithExitTwoNamingIt() {
        int code = run("bench", "--order=10");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--order=10'", "domain-agents bench --help");
        assertThat(benched.get()).isNull();
    }

    @Test
    void badBenchValuesFailWithExitTwoNamingTheFlag() {
        assertThat(run("bench", "--orders=0")).isEqualTo(2);
        assertThat(run("bench", "--concurrency=x")).isEqualTo(2);
        assertThat(run("bench", "--url=ftp://host")).isEqualTo(2);
        assertThat(run("bench", "--url=http://host:8080", "--db-url=mysql://host/db")).isEqualTo(2);
        assertThat(run("bench", "--db-url=postgresql://u:p@host:5432/db")).isEqualTo(2);

        assertThat(err.toString()).contains("--orders", "--concurrency", "--url", "--db-url", "only with --url");
        assertThat(benched.get()).isNull();
    }

    private int run(String... args) {
        return Main.commandLine(MODULES, options -> {
                    launched.set(options);
                    return 0;
                }, (options, writer) -> {
                    benched.set(options);
                    return 0;
                })
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }
}
