package dev.domainagents.launcher;

import dev.domainagents.core.agent.AgentModule;
import dev.domainagents.core.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The life of the launcher's JVM around one node: a shutdown hook, registered before the
 * start so that a SIGTERM during the start still stops what was started, stops the node
 * (bounded) on SIGTERM or Ctrl-C. A failed start, which undid what it had begun, is answered with
 * exit code 1 and one line on standard error saying why, its stack trace only with {@code --verbose}.
 */
final class ProcessLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessLifecycle.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final List<AgentModule> modules;
    private final Map<String, String> environment;
    private final PrintWriter err;

    ProcessLifecycle(List<AgentModule> modules, Map<String, String> environment, PrintWriter err) {
        this.modules = modules;
        this.environment = environment;
        this.err = err;
    }

    /** Starts the node; 0 once it runs (Vert.x's threads keep the JVM alive), 1 if it could not start. */
    int run(LaunchOptions options) {
        CompletableFuture<Optional<Node>> outcome = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopOnExit(outcome), "domain-agents-shutdown"));
        try {
            outcome.complete(Optional.of(new Startup(options, modules, environment).run(START_TIMEOUT)));
            return 0;
        } catch (Exception e) {
            outcome.complete(Optional.empty());
            String reason = StartFailure.oneLine(e);
            if (options.verbose() && !(e instanceof Settings.InvalidSetting)) {
                LOG.error("platform.start.failed reason={}", reason, e);
                err.println("Could not start: " + reason);
                e.printStackTrace(err);
            } else {
                LOG.error("platform.start.failed reason={}", reason);
                err.println("Could not start: " + reason);
            }
            return 1;
        }
    }

    /**
     * A JVM ended by SIGTERM exits with 143 even after a clean stop; a clean stop is a success
     * for whoever sent the signal, so the process then exits 0. A failed start has cleaned up
     * after itself and keeps its exit code.
     */
    private static void stopOnExit(CompletableFuture<Optional<Node>> outcome) {
        Optional<Node> node;
        try {
            node = outcome.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("platform.stop.skipped reason=start still running: {}", e.toString());
            return;
        }
        if (node.isPresent() && node.get().stop(STOP_TIMEOUT)) {
            Runtime.getRuntime().halt(0);
        }
    }
}
