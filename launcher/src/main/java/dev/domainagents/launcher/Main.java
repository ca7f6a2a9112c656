package dev.domainagents.launcher;

import dev.domainagents.core.agent.AgentModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** The command line of the platform: parses flags, starts a {@link Node}, stops it on SIGTERM. */
@Command(name = "domain-agents", mixinStandardHelpOptions = true, version = "Domain Agents 0.1.0",
        description = "Starts a Domain Agents node. With no flags: every agent in one process, an embedded "
                + "PostgreSQL under ./data, HTTP on port 8080.")
public final class Main implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    private CommandSpec spec;

    @Option(names = "--agents", split = ",", paramLabel = "AGENT",
            description = "Agents to deploy, comma-separated: http plus any agent module "
                    + "(order, stock, payment, observer). Default: all of them.")
    private List<String> agents;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A JSON file layered over the defaults (then environment variables, then system properties).")
    private Path configFile;

    @Option(names = "--http-port", paramLabel = "N", description = "HTTP port, overriding http.port (0 picks a free port).")
    private Integer httpPort;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "Where the embedded PostgreSQL keeps its data (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    private final List<AgentModule> modules;
    private Node node;

    public Main() {
        this(ServiceLoader.load(AgentModule.class).stream().map(ServiceLoader.Provider::get).toList());
    }

    Main(List<AgentModule> modules) {
        this.modules = modules;
    }

    public static void main(String[] args) {
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
        Main main = new Main();
        int exitCode = new CommandLine(main).execute(args);
        if (exitCode != 0 || main.node == null) {
            System.exit(exitCode);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> main.node.stop(STOP_TIMEOUT), "domain-agents-shutdown"));
    }

    /** Starts the node; answers 0 once it runs (Vert.x threads keep the JVM alive), 1 if it could not start. */
    @Override
    public Integer call() {
        LaunchOptions options = new LaunchOptions(chosenAgents(), Optional.ofNullable(configFile),
                Optional.ofNullable(httpPort), dataDir);
        try {
            node = Node.start(options, modules, System.getenv()).toCompletionStage().toCompletableFuture()
                    .get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return 0;
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.error("platform.start.failed reason={}", e.getCause().getMessage(), e.getCause());
            spec.commandLine().getErr().println("Could not start: " + e.getCause().getMessage());
            return 1;
        } catch (Exception e) {
            LOG.error("platform.start.failed reason={}", e.toString(), e);
            spec.commandLine().getErr().println("Could not start: " + e);
            return 1;
        }
    }

    /** The node started by {@link #call}, or null. */
    Node node() {
        return node;
    }

    private List<String> chosenAgents() {
        List<String> known = new ArrayList<>(List.of(Node.HTTP));
        modules.forEach(module -> known.add(module.name()));
        if (agents == null || agents.isEmpty()) {
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
