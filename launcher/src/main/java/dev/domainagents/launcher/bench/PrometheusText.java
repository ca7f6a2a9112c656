package dev.domainagents.launcher.bench;

import java.util.OptionalDouble;

/**
 * Reads Prometheus' text exposition format (what {@code GET /metrics} serves): the sum of every
 * sample of one metric, whatever its labels, e.g. of {@code vertx_eventbus_sent_total{side="local"}}
 * and {@code vertx_eventbus_sent_total{side="remote"}}.
 */
final class PrometheusText {
    private PrometheusText() {
    }

    /** The sum of {@code metric}'s samples; empty if the text holds none. */
    static OptionalDouble sum(String text, String metric) {
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            String sample = line.strip();
            if (sample.isEmpty() || sample.startsWith("#") || !sample.startsWith(metric)) {
                continue;
            }
            int afterName = metric.length();
            if (afterName < sample.length() && sample.charAt(afterName) != '{' && sample.charAt(afterName) != ' ') {
                continue; // a longer name that starts with this one
            }
            String[] rest = sample.substring(endOfLabels(sample, afterName)).strip().split("\\s+");
            try {
                sum += Double.parseDouble(rest[0]);
                found = true;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number in metric sample: " + sample, e);
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    /** Where the value starts: after the label set, whose quoted values may hold braces and escapes. */
    private static int endOfLabels(String sample, int from) {
        if (from >= sample.length() || sample.charAt(from) != '{') {
            return from;
        }
        boolean quoted = false;
        for (int i = from + 1; i < sample.length(); i++) {
            char c = sample.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '}') {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unterminated labels in metric sample: " + sample);
    }
}
