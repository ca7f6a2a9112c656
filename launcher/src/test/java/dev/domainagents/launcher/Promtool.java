package dev.domainagents.launcher;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' own linter for an exposition, {@code promtool check metrics} (Debian's
 * {@code prometheus} package; {@code .ci/run} installs it when it is missing). Without it a test
 * fails under CI ({@code CI=true}), where it must run, and is skipped elsewhere.
 */
final class Promtool {
    private Promtool() {
    }

    /** The problems promtool finds in {@code exposition}: empty when it is clean. */
    static String problemsIn(String exposition) throws IOException, InterruptedException {
        Path promtool = find().orElseGet(() -> {
            String missing = "promtool is not on the PATH (install Debian's prometheus package, or run .ci/run, which does)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(missing + ": under CI this check must run");
            }
            Assumptions.abort(missing);
            return null;
        });
        Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("promtool did not answer within 30 s");
        }
        return process.exitValue() == 0 && output.isBlank() ? "" : "exit " + process.exitValue() + ":\n" + output;
    }

    private static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
