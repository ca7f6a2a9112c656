package dev.domainagents.launcher;

import dev.domainagents.core.testkit.HttpClientForTests;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A node in a JVM of its own, started from the launcher jar as a user starts it
 * ({@code java -jar domain-agents.jar ...}), so that a test can kill it for real:
 * {@link #kill} is SIGKILL, {@link #terminate} is SIGTERM. Its output goes to a log file in
 * its directory, named in every failure. The jar is the one {@code mvn package} built
 * (failsafe passes its path as {@code launcher.jar}).
 */
final class LauncherProcess implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);
    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** The line a node logs once it runs: the only sign of life of a node without HTTP. */
    private static final String STARTED = "platform.started";
    private static final int NO_HTTP = -1;

    private final Path dir;
    private final List<String> command;
    private final int httpPort;
    /** The admin token of the node's configuration, sent by {@link #http}; empty when it has none. */
    private final String adminToken;
    private Process process;
    private int starts;

    private LauncherProcess(Path dir, List<String> command, int httpPort, String adminToken) {
        this.dir = dir;
        this.command = command;
        this.httpPort = httpPort;
        this.adminToken = adminToken;
    }

    /**
     * A node with its embedded PostgreSQL under {@code dir/data}, configured by {@code config}
     * layered over the test profile, with {@code args} added; not started yet.
     */
    static LauncherProcess of(Path dir, JsonObject config, String... args) throws IOException {
        int httpPort = freePort();
        JsonObject configured = withClusterToken(config, args);
        List<String> command = command(dir, configured, args);
        command.add("--http-port=" + httpPort);
        return new LauncherProcess(dir, command, httpPort, adminToken(configured));
    }

    /**
     * As {@link #of}, for a node whose {@code --agents} leave out {@code http}: it counts as
     * started once its log says so.
     */
    static LauncherProcess withoutHttp(Path dir, JsonObject config, String... args) throws IOException {
        JsonObject configured = withClusterToken(config, args);
        return new LauncherProcess(dir, command(dir, configured, args), NO_HTTP, adminToken(configured));
    }

    /** A cluster node does not start without an admin token: one for tests, unless the test gave its own. */
    private static JsonObject withClusterToken(JsonObject config, String... args) {
        if (!List.of(args).contains("--cluster") || !adminToken(config).isEmpty()) {
            return config;
        }
        return config.copy().put("admin", new JsonObject().put("token", "cluster-test-token"));
    }

    private static String adminToken(JsonObject config) {
        return config.getJsonObject("admin", new JsonObject()).getString("token", "");
    }

    private static List<String> command(Path dir, JsonObject config, String... args) throws IOException {
        Path configFile = dir.resolve("config.json");
        Files.writeString(configFile, config.encodePrettily());
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx768m", "-jar", jar().toString(),
                "--config=" + configFile, "--data-dir=" + dir.resolve("data")));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts the JVM and waits until {@code /ready} answers 200 (without HTTP: until it logged its start). */
    LauncherProcess start() throws IOException {
        starts++;
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                .start();
        await("node start " + starts + " (log: " + log() + ")").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the node exited with " + process.exitValue() + "; log: " + log());
                    }
                    return httpPort == NO_HTTP ? loggedStarts() >= starts : ready();
                });
        return this;
    }

    /** SIGKILL: the JVM dies at once, without its shutdown hook; whatever it started itself keeps running. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGTERM: the node stops as an operator would stop it; answers the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the node did not stop within " + STOP_TIMEOUT + " of SIGTERM; log: " + log());
        }
        return process.exitValue();
    }

    /** The JVM's process id: part of the node id it reports ({@code host/pid}). */
    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    String baseUrl() {
        if (httpPort == NO_HTTP) {
            throw new IllegalStateException("this node runs no HTTP ingress");
        }
        return "http://127.0.0.1:" + httpPort;
    }

    HttpClientForTests http() {
        return adminToken.isEmpty() ? new HttpClientForTests(baseUrl())
                : new HttpClientForTests(baseUrl(), "Authorization", "Bearer " + adminToken);
    }

    Path log() {
        return dir.resolve("node.log");
    }

    Path databaseDir() {
        return dir.resolve("data").resolve("postgres");
    }

    /** Stops the node if it runs, and a database a killed node left running, so nothing outlives the test. */
    @Override
    public void close() throws Exception {
        if (isAlive()) {
            terminate();
        }
        LeftoverServer.clear(databaseDir());
    }

    private long loggedStarts() throws IOException {
        try (var lines = Files.lines(log(), StandardCharsets.ISO_8859_1)) { // any byte is a character: a log line is no UTF-8 promise
            return lines.filter(line -> line.contains(STARTED)).count();
        }
    }

    private boolean ready() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/ready")).timeout(Duration.ofSeconds(2)).build();
            return PROBE.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("launcher.jar", "target/domain-agents.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no launcher jar at " + jar.toAbsolutePath() + ": run through `mvn verify`");
        }
        return jar;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
