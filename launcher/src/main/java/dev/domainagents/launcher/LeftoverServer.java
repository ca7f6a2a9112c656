package dev.domainagents.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Clears what a node that died without stopping (SIGKILL, OOM kill, power loss) leaves in
 * its embedded database's data directory, so that the next start recovers on its own.
 *
 * <p>A killed JVM does not take its PostgreSQL with it: the postmaster keeps running,
 * orphaned, holding the data directory and its port. Or the postmaster died too and left a
 * {@code postmaster.pid} naming a process that is gone (or, after a reboot, a process that
 * is now something else). Both are told apart from a data directory in use by a live node
 * through the lock file that the embedded server's owner holds while it runs: if nobody
 * holds it, whatever runs on the directory is a leftover. A leftover postmaster is stopped;
 * a stale pid file is removed. PostgreSQL's own crash recovery then replays
 * its write-ahead log on start, so every committed transaction is kept.
 */
final class LeftoverServer {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverServer.class);
    /** The lock file zonky's EmbeddedPostgres holds while it owns a data directory. */
    static final String OWNER_LOCK = "epg-lock";
    static final String PID_FILE = "postmaster.pid";
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private LeftoverServer() {
    }

    /** Stops a leftover postmaster or removes a stale pid file in {@code dataDir}; fails if a live node owns it. Blocks. */
    static void clear(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        requireNoLiveOwner(dataDir);
        Optional<ProcessHandle> postmaster = postmasterOf(pidFile, dataDir);
        if (postmaster.isEmpty()) {
            Files.deleteIfExists(pidFile);
            LOG.warn("database.embedded.stale_pid_file.removed dataDir={}", dataDir.toAbsolutePath());
            return;
        }
        LOG.warn("database.embedded.leftover_server pid={} dataDir={} stopping it: the node that started it did not stop",
                postmaster.get().pid(), dataDir.toAbsolutePath());
        stop(postmaster.get());
        LOG.info("database.embedded.leftover_server.stopped pid={}", postmaster.get().pid());
    }

    private static void requireNoLiveOwner(Path dataDir) throws IOException {
        try (FileChannel channel = FileChannel.open(dataDir.resolve(OWNER_LOCK),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("the database directory " + dataDir.toAbsolutePath()
                        + " is in use by another running node; give this node a --data-dir of its own");
            }
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("the database directory " + dataDir.toAbsolutePath()
                    + " is in use by a database this process already runs", e);
        }
    }

    /** The live PostgreSQL process the pid file names, if that process is one and serves {@code dataDir}. */
    private static Optional<ProcessHandle> postmasterOf(Path pidFile, Path dataDir) throws IOException {
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || !lines.get(0).strip().matches("\\d+")) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(LeftoverServer::isPostgres).orElse(false))
                .filter(process -> process.info().arguments().map(arguments -> serves(arguments, dataDir)).orElse(true));
    }

    /** True when the arguments name {@code dataDir} after {@code -D}, as the embedded server is started. */
    private static boolean serves(String[] arguments, Path dataDir) {
        Path wanted = dataDir.toAbsolutePath().normalize();
        for (int i = 0; i + 1 < arguments.length; i++) {
            if (arguments[i].equals("-D") && Path.of(arguments[i + 1]).toAbsolutePath().normalize().equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPostgres(String command) {
        String name = Path.of(command).getFileName().toString();
        return name.equals("postgres") || name.equals("postmaster");
    }

    /**
     * SIGTERM, PostgreSQL's smart shutdown: it waits for sessions to end, and those of the
     * killed node are gone, so it checkpoints and exits. Not {@code pg_ctl}, which refuses to
     * run as root, as containers often do.
     */
    private static void stop(ProcessHandle postmaster) throws IOException {
        postmaster.destroy();
        awaitExit(postmaster);
    }

    private static void awaitExit(ProcessHandle process) throws IOException {
        try {
            process.onExit().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the leftover PostgreSQL", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the leftover PostgreSQL (pid " + process.pid() + ") did not stop within " + STOP_WAIT, e);
        }
    }
}
