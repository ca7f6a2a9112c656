package dev.domainagents.core.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Map;
import java.util.Set;

/**
 * A node's Prometheus registry, made so that {@code promtool check metrics} passes on its
 * {@code /metrics}: every meter of the platform carries its HELP text where it is made, and the
 * JVM and process meters that Micrometer names against Prometheus' rules are renamed or replaced
 * here, before any meter is registered: {@code system.cpu.count} (a gauge ending in
 * {@code _count}) becomes {@code system_cpu_processors}; {@code process.cpu.time} in nanoseconds
 * and {@code jvm.compilation.time} in milliseconds (abbreviated units) become
 * {@code process_cpu_seconds_total} and {@code jvm_compilation_seconds_total}, in seconds. HTTP
 * meters carry no method a client made up ({@link HttpMetricTags}).
 */
public final class PrometheusRegistry {
    private static final Map<String, String> RENAMED = Map.of("system.cpu.count", "system.cpu.processors");
    private static final Set<String> REPLACED = Set.of("process.cpu.time", "jvm.compilation.time");

    private PrometheusRegistry() {
    }

    public static PrometheusMeterRegistry create() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config()
                .meterFilter(HttpMetricTags.knownMethodsOnly())
                .meterFilter(MeterFilter.deny(id -> REPLACED.contains(id.getName())))
                .meterFilter(new MeterFilter() {
                    @Override
                    public Meter.Id map(Meter.Id id) {
                        String renamed = RENAMED.get(id.getName());
                        return renamed == null ? id : id.withName(renamed);
                    }
                });
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean hotspot && hotspot.getProcessCpuTime() >= 0) {
            FunctionCounter.builder("process.cpu", hotspot, bean -> bean.getProcessCpuTime() / 1e9)
                    .baseUnit("seconds")
                    .description("CPU time the JVM process used")
                    .register(registry);
        }
        CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
        if (compilation != null && compilation.isCompilationTimeMonitoringSupported()) {
            FunctionCounter.builder("jvm.compilation", compilation, bean -> bean.getTotalCompilationTime() / 1e3)
                    .baseUnit("seconds")
                    .description("Approximate time the JIT compiler spent compiling")
                    .tag("compiler", String.valueOf(compilation.getName()))
                    .register(registry);
        }
        return registry;
    }
}
