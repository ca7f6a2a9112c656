package dev.domainagents.launcher.bench;

import dev.domainagents.launcher.Node;

import java.nio.file.Path;

/**
 * Starts the platform the bench measures when no {@code --url} is given: every agent and the
 * HTTP ingress in this JVM, an embedded PostgreSQL with its durable settings and its data under
 * {@code dataDir}, both on free ports. Blocks until the node runs: call it off the event loops.
 */
@FunctionalInterface
public interface PlatformStarter {
    Node start(Path dataDir) throws Exception;
}
