package dev.domainagents.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the command line asked for: the agents to deploy ({@code http} and module names),
 * a configuration file layered over the defaults, an HTTP port override, and the data
 * directory of the embedded database.
 */
public record LaunchOptions(List<String> agents, Optional<Path> configFile, Optional<Integer> httpPort, Path dataDir) {

    public LaunchOptions {
        agents = List.copyOf(agents);
    }

    public boolean wants(String agent) {
        return agents.contains(agent);
    }
}
