package dev.domainagents.launcher.bench;

import java.io.PrintWriter;

/** Runs a benchmark as {@code bench} asked, writing its report to {@code out}; answers the exit code. */
@FunctionalInterface
public interface BenchRunner {
    int run(BenchOptions options, PrintWriter out);
}
