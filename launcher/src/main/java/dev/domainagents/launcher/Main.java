package dev.domainagents.launcher;

import dev.domainagents.core.agent.AgentModule;
import dev.domainagents.core.config.Settings;
import dev.domainagents.launcher.bench.Bench;
import dev.domainagents.launcher.bench.BenchCommand;
import dev.domainagents.launcher.bench.BenchRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;

/**
 * The command line: parses and checks the flags into {@link LaunchOptions} and hands them to
 * a launch ({@link ProcessLifecycle} in the real process). Agent names are {@code http} plus
 * the name of every {@link AgentModule} that {@link ServiceLoader} finds. The {@code bench}
 * subcommand ({@link BenchCommand}) measures a platform instead of launching one.
 */
@Command(name = "domain-agents", mixinStandardHelpOptions = true, version = "Domain Agents 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Starts a Domain Agents node.",
                "With no flags: every agent in one process, an embedded PostgreSQL with its data under ./data, "
                        + "HTTP on port 8080."},
        footerHeading = "%n",
        footer = {"Configuration, each layer overriding the one before key by key:",
                "  config/dev.json (the defaults) < the --config file < environment variables",
                "  < system properties < --http-port, --management-port and the --cluster flags.",
                "  Environment: DOMAIN_AGENTS_<SECTION>__<KEY>; DOMAIN_AGENTS_DB__POOL_SIZE=32",
                "  sets db.poolSize. System properties: the dotted key, -Ddb.port=5433.",
                "Exit codes: 0 started (and after a clean stop on SIGTERM), 1 could not",
                "start, 2 bad command line.",
                "Benchmark: domain-agents bench --help."})
public final class Main implements Callable<Integer> {
    private static final String VERTX_LOGGING = "vertx.logger-delegate-factory-class-name";
    /** Hazelcast logs before it reads its configuration; from the first line on, through the node's logging. */
    private static final String HAZELCAST_LOGGING = "hazelcast.logging.type";

    @Spec
    private CommandSpec spec;

    @Option(names = "--agents", split = ",", paramLabel = "AGENT",
            description = "Agents to deploy in this process, comma-separated: http (the HTTP ingress) and the "
                    + "agent modules on the classpath (listed below). Default: all of them.")
    private List<String> agents;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A JSON configuration layered over the defaults: a file, or classpath:config/NAME.json "
                    + "for a bundled profile (test, cluster, production-example, bench).")
    private String config;

    @Option(names = "--http-port", paramLabel = "N",
            description = "HTTP port, overriding http.port (0 picks a free port).")
    private Integer httpPort;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "Where the embedded PostgreSQL keeps its data, in DIR/postgres (and an embedded Kafka "
                    + "broker in DIR/kafka). Default: ./${DEFAULT-VALUE}.")
    private Path dataDir;

    @Option(names = "--kafka-embedded",
            description = "Start an embedded single-node Kafka broker (KRaft) for the Kafka bridge, on kafka.embeddedPort, "
                    + "overriding kafka.embedded. Without it or kafka.bootstrapServers the bridge is off.")
    private boolean kafkaEmbedded;

    @Option(names = "--cluster",
            description = "Join a cluster: a clustered event bus (Hazelcast) shared with the nodes of --cluster-members, "
                    + "all on one PostgreSQL. Same as cluster.enabled=true.")
    private boolean cluster;

    @Option(names = "--cluster-host", paramLabel = "HOST",
            description = "Address this node's cluster traffic listens on, overriding cluster.host (default 127.0.0.1).")
    private String clusterHost;

    @Option(names = "--cluster-port", paramLabel = "N",
            description = "Port of this node's Hazelcast member, overriding cluster.port (default 5701).")
    private Integer clusterPort;

    @Option(names = "--cluster-members", paramLabel = "HOST:PORT[,...]",
            description = "Hazelcast member addresses of the cluster's nodes (this one may be among them), overriding "
                    + "cluster.members. Nodes find each other only through this list: no multicast.")
    private String clusterMembers;

    @Option(names = "--management-port", paramLabel = "N",
            description = "Serve /health, /ready and /metrics on this port too (0 picks a free port), overriding "
                    + "management.port and turning the management port on (it is on by default in a cluster, on 9464).")
    private Integer managementPort;

    @Option(names = "--verbose",
            description = "When the start fails, print the stack trace as well as the one line saying why.")
    private boolean verbose;

    private final List<String> known;
    private final ToIntFunction<LaunchOptions> launch;

    private Main(List<AgentModule> modules, ToIntFunction<LaunchOptions> launch) {
        List<String> names = new ArrayList<>(List.of(LaunchOptions.HTTP));
        modules.forEach(module -> names.add(module.name()));
        this.known = List.copyOf(names);
        this.launch = launch;
    }

    public static void main(String[] args) {
        System.setProperty(VERTX_LOGGING, "io.vertx.core.logging.SLF4JLogDelegateFactory");
        System.setProperty(HAZELCAST_LOGGING, "slf4j");
        List<AgentModule> modules = ServiceLoader.load(AgentModule.class).stream().map(ServiceLoader.Provider::get).toList();
        PrintWriter err = new PrintWriter(System.err, true);
        int exitCode = commandLine(modules, options -> new ProcessLifecycle(modules, System.getenv(), err).run(options),
                realBench(modules)).execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** The command line over {@code modules}, its {@code bench} the real one; executing it parses, checks, then calls {@code launch}. */
    static CommandLine commandLine(List<AgentModule> modules, ToIntFunction<LaunchOptions> launch) {
        return commandLine(modules, launch, realBench(modules));
    }

    /** As above, with {@code bench} handing its checked options to {@code bench}. */
    static CommandLine commandLine(List<AgentModule> modules, ToIntFunction<LaunchOptions> launch, BenchRunner bench) {
        Main main = new Main(modules, launch);
        CommandLine commandLine = new CommandLine(main);
        commandLine.addSubcommand(new CommandLine(new BenchCommand(bench)));
        var usage = commandLine.getCommandSpec().usageMessage();
        List<String> footer = new ArrayList<>(List.of(usage.footer()));
        footer.add(0, "Agents on this classpath: " + String.join(", ", main.known) + ".");
        usage.footer(footer.toArray(String[]::new));
        return commandLine.setParameterExceptionHandler(Main::usageError);
    }

    /** Names what was wrong, without the whole help. */
    private static int usageError(ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println(e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the flags.");
        return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
    }

    private static BenchRunner realBench(List<AgentModule> modules) {
        Optional<String> adminToken = Optional.ofNullable(System.getenv("DOMAIN_AGENTS_ADMIN__TOKEN")).filter(token -> !token.isBlank());
        return (options, out) -> new Bench(new InProcessPlatform(modules), out, adminToken).run(options);
    }

    @Override
    public Integer call() {
        return launch.applyAsInt(options());
    }

    private LaunchOptions options() {
        if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for --http-port: " + httpPort
                    + " is no TCP port (0-65535; 0 picks a free one)");
        }
        if (managementPort != null && (managementPort < 0 || managementPort > 65535)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for --management-port: " + managementPort
                    + " is no TCP port (0-65535; 0 picks a free one)");
        }
        return new LaunchOptions(chosenAgents(), Optional.ofNullable(config), Optional.ofNullable(httpPort), dataDir,
                kafkaEmbedded, clusterFlags(), Optional.ofNullable(managementPort), verbose);
    }

    private LaunchOptions.ClusterFlags clusterFlags() {
        if (clusterPort != null && (clusterPort < 1 || clusterPort > 65535)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for --cluster-port: " + clusterPort
                    + " is no TCP port (1-65535)");
        }
        if (clusterHost != null && clusterHost.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--cluster-host names no address");
        }
        if (clusterMembers != null) {
            try {
                ClusterSettings.members(clusterMembers);
            } catch (Settings.InvalidSetting e) {
                throw new ParameterException(spec.commandLine(), "Invalid value for --cluster-members: '" + clusterMembers
                        + "': expected host:port addresses separated by commas, e.g. 127.0.0.1:5701,127.0.0.1:5702");
            }
        }
        return new LaunchOptions.ClusterFlags(cluster, Optional.ofNullable(clusterHost), Optional.ofNullable(clusterPort),
                Optional.ofNullable(clusterMembers));
    }

    private List<String> chosenAgents() {
        if (agents == null) {
            return known;
        }
        List<String> chosen = agents.stream().map(String::trim).filter(name -> !name.isEmpty()).distinct().toList();
        for (String name : chosen) {
            if (!known.contains(name)) {
                throw new ParameterException(spec.commandLine(),
                        "Unknown agent '" + name + "' in --agents; known agents: " + String.join(", ", known));
            }
        }
        if (chosen.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--agents names no agent; known agents: " + String.join(", ", known));
        }
        return chosen;
    }
}
