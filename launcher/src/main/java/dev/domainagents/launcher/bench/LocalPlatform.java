package dev.domainagents.launcher.bench;

import dev.domainagents.launcher.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A platform the bench started in this JVM, on a fresh embedded PostgreSQL in a temporary
 * directory. {@link #close} stops the node and its database and deletes the directory; a
 * shutdown hook does the same if the JVM is ended (Ctrl-C) before that. Blocking: use it off the
 * event loops.
 */
final class LocalPlatform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPlatform.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Node node;
    private final Path dataDir;
    private final Thread onExit;
    private boolean closed;

    private LocalPlatform(Node node, Path dataDir) {
        this.node = node;
        this.dataDir = dataDir;
        this.onExit = new Thread(this::stop, "domain-agents-bench-shutdown");
    }

    static LocalPlatform start(PlatformStarter starter) throws Exception {
        Path dataDir = Files.createTempDirectory("domain-agents-bench-");
        Node node;
        try {
            node = starter.start(dataDir);
        } catch (Exception e) {
            delete(dataDir);
            throw e;
        }
        LocalPlatform platform = new LocalPlatform(node, dataDir);
        Runtime.getRuntime().addShutdownHook(platform.onExit);
        return platform;
    }

    Node node() {
        return node;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + node.httpPort());
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException e) {
            LOG.debug("bench.shutdown.hook.kept reason={}", e.toString()); // the JVM is exiting: the hook runs stop() too
        }
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        node.stop(STOP_TIMEOUT);
        delete(dataDir);
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("bench.datadir.delete.failed dir={} reason={}", directory, e.toString());
        }
    }
}
