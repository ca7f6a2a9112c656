package dev.domainagents.core.metrics;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The series of one {@link MultiGauge}, shown as a whole set each round. A series that stays
 * keeps its meter and only its value changes: re-registering with {@code overwrite} would remove
 * and add it again, and a scrape in between would miss it (an {@code absent()} alert firing for
 * nothing). Series missing from the new set are removed. Not thread-safe for writers: show from
 * one context; scrapes may read from any thread.
 */
final class LiveSeries {
    private final MultiGauge gauge;
    private final Map<Tags, AtomicReference<Double>> values = new ConcurrentHashMap<>();

    LiveSeries(MultiGauge gauge) {
        this.gauge = gauge;
    }

    /** Shows exactly these series with these values. */
    void show(Map<Tags, ? extends Number> now) {
        values.keySet().retainAll(now.keySet());
        now.forEach((tags, value) -> values.computeIfAbsent(tags, key -> new AtomicReference<>(0.0)).set(value.doubleValue()));
        List<MultiGauge.Row<?>> rows = values.entrySet().stream()
                .<MultiGauge.Row<?>>map(entry -> MultiGauge.Row.of(entry.getKey(), entry.getValue(), AtomicReference::get))
                .toList();
        gauge.register(rows, false);
    }

    /** Shows one series without tags. */
    void show(Number value) {
        show(Map.of(Tags.empty(), value));
    }

    void clear() {
        show(Map.of());
    }
}
