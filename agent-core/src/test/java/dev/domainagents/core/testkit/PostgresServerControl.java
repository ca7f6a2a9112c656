package dev.domainagents.core.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops a running PostgreSQL server and starts it again, as an operator or an outage would:
 * with the server's own {@code pg_ctl}, found next to the running postmaster's binary
 * ({@code /proc/<pid>/exe}, so Linux only), and on restart with the options the server was
 * started with ({@code postmaster.opts}), so it comes back on the same port with the same
 * settings and data. For fault tests on a server of their own (a node's embedded database in
 * a temporary directory), never on the shared {@link TestPostgres}, which other tests use.
 * Blocks while {@code pg_ctl} works: call it from the test thread.
 */
public final class PostgresServerControl {
    private static final Duration PG_CTL_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final Path pgCtl;
    private final String options;
    private final Path log;

    private PostgresServerControl(Path dataDir, Path pgCtl, String options) {
        this.dataDir = dataDir;
        this.pgCtl = pgCtl;
        this.options = options;
        this.log = dataDir.resolveSibling(dataDir.getFileName() + "-pg_ctl.log");
    }

    /** Control of the server now running from {@code dataDir}; fails if none runs there. */
    public static PostgresServerControl of(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            throw new IllegalStateException("no PostgreSQL runs from " + dataDir + " (no postmaster.pid)");
        }
        String pid = Files.readAllLines(pidFile).get(0).trim();
        Path binDir = Files.readSymbolicLink(Path.of("/proc", pid, "exe")).getParent();
        // postmaster.opts: the binary's path, then each argument in double quotes
        String opts = Files.readString(dataDir.resolve("postmaster.opts")).strip();
        int firstArgument = opts.indexOf(" \"");
        return new PostgresServerControl(dataDir, binDir.resolve("pg_ctl"),
                firstArgument < 0 ? "" : opts.substring(firstArgument + 1));
    }

    /** Stops the server the way {@code pg_ctl stop -m fast} does: open transactions roll back, clients are cut off. */
    public void stop() {
        pgCtl("stop", "-m", "fast");
    }

    /** Starts the server again with its original options; answers once it accepts connections. */
    public void start() {
        pgCtl("start", "-l", log.toString(), "-o", options);
    }

    public boolean running() {
        return Files.exists(dataDir.resolve("postmaster.pid"));
    }

    private void pgCtl(String action, String... more) {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U")); // pg_ctl refuses root; zonky starts the server the same way
        }
        command.addAll(List.of(pgCtl.toString(), action, "-D", dataDir.toString(), "-w",
                "-t", String.valueOf(PG_CTL_TIMEOUT.toSeconds())));
        command.addAll(List.of(more));
        Path output = dataDir.resolveSibling(dataDir.getFileName() + "-pg_ctl-" + action + ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(PG_CTL_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("pg_ctl " + action + " did not finish: " + Files.readString(output));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("pg_ctl " + action + " failed with exit code " + process.exitValue() + ": "
                        + Files.readString(output));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + pgCtl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pg_ctl " + action + " ran", e);
        }
    }
}
