package dev.domainagents.launcher.bench;

import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * What a run prints: the settings it ran with, then its figures, as two Markdown tables (aligned,
 * so they read as well in a terminal as pasted into a README), then the outcome and, for a failed
 * run, the first errors. A figure the run could not measure reads {@code n/a}.
 */
record BenchReport(BenchOptions options, Target target, Optional<PostgresFacts> postgres, LoadResult load,
                   PlatformCounters.Counts idle, PlatformCounters.Counts cost, Optional<Rate> bus, Optional<Rate> inserts,
                   Duration warmup) {
    private static final String NA = "n/a";

    void print(PrintWriter out) {
        out.println();
        out.println("Settings");
        out.println();
        table(out, List.of("setting", "value"), settings());
        out.println();
        out.println("Results");
        out.println();
        table(out, List.of("measure", "value"), results());
        out.println();
        out.println(outcome());
        load.errors().forEach(error -> out.println("  " + error));
        out.flush();
    }

    private List<List<String>> settings() {
        Runtime runtime = Runtime.getRuntime();
        return List.of(
                List.of("orders", options.orders() + " measured after " + options.warmupOrders() + " warm-up orders, one line of quantity 1 each, SKUs " + OrderLoad.skus().get(0)
                        + " to " + OrderLoad.skus().get(OrderLoad.SKUS - 1) + " in turn, paymentMethod "
                        + OrderLoad.PAYMENT_METHOD),
                List.of("in flight", options.concurrency() + " (orders, from POST to terminal; baseline requests; "
                        + "baseline transactions)"),
                List.of("platform", target.description()),
                List.of("PostgreSQL", postgres.map(BenchReport::describe).orElse(NA + " (no --db-url)")),
                List.of("machine", runtime.availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                        + System.getProperty("os.version") + " " + System.getProperty("os.arch")),
                List.of("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                        + ", max heap " + runtime.maxMemory() / (1024 * 1024) + " MiB" + jvmFlags()),
                List.of("baselines", "each " + warmup.toSeconds() + " s warm-up, then " + options.baseline().toSeconds()
                        + " s measured"));
    }

    private List<List<String>> results() {
        double ordersPerSecond = load.ordersPerSecond();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("orders/s, end to end (first POST sent to last order terminal)",
                decimal(ordersPerSecond) + " (" + (load.confirmed() + load.cancelled()) + " orders in "
                        + seconds(load.span()) + ")"));
        rows.add(List.of("POST latency p50 / p95 / p99", percentiles(load.postLatencyMicros())));
        rows.add(List.of("placed-to-terminal latency p50 / p95 / p99", percentiles(load.terminalLatencyMicros())));
        rows.add(List.of("confirmed / cancelled", load.confirmed() + " / " + load.cancelled()));
        rows.add(List.of("POST failed / not terminal within " + OrderLoad.TERMINAL_TIMEOUT.toSeconds() + " s",
                load.postFailures() + " / " + load.notTerminal()));
        rows.add(List.of("terminal seen on the order's event stream / by polling", load.viaEvents() + " / " + load.viaPolling()));
        rows.add(List.of("baseline: raw event-bus request/reply, msgs/s", bus.map(BenchReport::rate).orElse(NA)));
        rows.add(List.of("baseline: raw single-row insert transactions, tx/s", inserts.map(BenchReport::rate).orElse(NA)));
        rows.add(List.of("orders/s ÷ insert tx/s",
                inserts.map(rate -> ratio(ordersPerSecond, rate.perSecond())).orElse(NA)));
        rows.add(List.of("orders/s ÷ event-bus msgs/s", bus.map(rate -> ratio(ordersPerSecond, rate.perSecond())).orElse(NA)));
        rows.add(List.of("PostgreSQL transactions per order (pg_stat_database.xact_commit)",
                perOrder(cost.transactions(), "", idle.transactions(), "tx/s")));
        rows.add(List.of("event-bus messages per order (sent + published, the node's /metrics)",
                perOrder(cost.messages(), split(), idle.messages(), "msgs/s")));
        return rows;
    }

    private String outcome() {
        if (load.ok()) {
            return "Result: OK, every order accepted and seen terminal.";
        }
        return "Result: FAILED, " + load.postFailures() + " POST(s) failed, " + load.notTerminal()
                + " order(s) not terminal within " + OrderLoad.TERMINAL_TIMEOUT.toSeconds() + " s of their POST"
                + (load.errors().isEmpty() ? "." : "; first errors:");
    }

    private static String jvmFlags() {
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments();
        return flags.isEmpty() ? "" : ", flags " + String.join(" ", flags);
    }

    private static String describe(PostgresFacts facts) {
        return facts.version() + " at " + facts.where() + ": " + facts.settings().entrySet().stream()
                .map(setting -> setting.getKey() + "=" + setting.getValue()).collect(Collectors.joining(", "));
    }

    /**
     * The phase's count per order placed, then the same net of what the idle platform does (its
     * pollers) at the rate counted before the orders, over the same span.
     */
    private String perOrder(OptionalDouble total, String detail, OptionalDouble idleTotal, String unit) {
        if (total.isEmpty() || load.placed() == 0) {
            return NA;
        }
        String raw = decimal(total.getAsDouble() / load.placed()) + detail;
        if (idleTotal.isEmpty() || idle.over().isZero()) {
            return raw;
        }
        double idleRate = idleTotal.getAsDouble() * 1e9 / idle.over().toNanos();
        double net = (total.getAsDouble() - idleRate * cost.over().toNanos() / 1e9) / load.placed();
        return raw + "; " + decimal(net) + " net of the idle platform's " + decimal(idleRate) + " " + unit;
    }

    private String split() {
        if (cost.sent().isEmpty() || cost.published().isEmpty() || load.placed() == 0) {
            return "";
        }
        return " (" + decimal(cost.sent().getAsDouble() / load.placed()) + " sent + "
                + decimal(cost.published().getAsDouble() / load.placed()) + " published)";
    }

    private static String rate(Rate rate) {
        return decimal(rate.perSecond()) + (rate.failed() == 0 ? "" : " (" + rate.failed() + " failed)");
    }

    private static String percentiles(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return NA;
        }
        return millis(micros, 50) + " / " + millis(micros, 95) + " / " + millis(micros, 99) + " ms";
    }

    private static String millis(Histogram micros, double percentile) {
        return String.format(Locale.ROOT, "%.1f", micros.getValueAtPercentile(percentile) / 1000.0);
    }

    private static String decimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String ratio(double part, double whole) {
        return whole <= 0 ? NA : String.format(Locale.ROOT, "%.3g", part / whole);
    }

    private static String seconds(Duration span) {
        return String.format(Locale.ROOT, "%.2f s", span.toNanos() / 1e9);
    }

    private static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (List<String> row : concat(header, rows)) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println(line(header, widths));
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        out.println(line(rule, widths));
        rows.forEach(row -> out.println(line(row, widths)));
    }

    private static List<List<String>> concat(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>(rows);
        all.add(header);
        return all;
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder("|");
        for (int i = 0; i < cells.size(); i++) {
            line.append(' ').append(cells.get(i)).append(" ".repeat(widths[i] - cells.get(i).length())).append(" |");
        }
        return line.toString();
    }
}
