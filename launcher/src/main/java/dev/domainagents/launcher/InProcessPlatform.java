package dev.domainagents.launcher;

import dev.domainagents.core.agent.AgentModule;
import dev.domainagents.launcher.bench.PlatformStarter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The platform {@code bench} measures when given no {@code --url}: a node of every agent and the
 * HTTP ingress, started by {@link Startup} as a launch would, with {@code config/bench.json} over
 * the defaults (an embedded PostgreSQL with its durable settings, on a free port; HTTP on a free
 * loopback port). Environment variables are not applied, so that a shell's settings for a real
 * node cannot point the bench at that node's database; system properties are, as for a launch.
 */
final class InProcessPlatform implements PlatformStarter {
    static final String CONFIG = ConfigLoader.CLASSPATH + "config/bench.json";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final List<AgentModule> modules;

    InProcessPlatform(List<AgentModule> modules) {
        this.modules = List.copyOf(modules);
    }

    @Override
    public Node start(Path dataDir) throws Exception {
        List<String> agents = new ArrayList<>(List.of(LaunchOptions.HTTP));
        modules.forEach(module -> agents.add(module.name()));
        LaunchOptions options = new LaunchOptions(agents, Optional.of(CONFIG), Optional.empty(), dataDir);
        return new Startup(options, modules, Map.of()).run(START_TIMEOUT);
    }
}
