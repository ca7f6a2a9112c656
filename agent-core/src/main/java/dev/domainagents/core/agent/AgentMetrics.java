package dev.domainagents.core.agent;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Per-agent delivery counters and handler latency, tagged by agent and message type:
 * {@code agent_messages_handled_total}, {@code _failed_total}, {@code _retried_total},
 * {@code _dead_lettered_total} and {@code agent_handler_seconds}.
 */
public final class AgentMetrics {
    private final MeterRegistry registry;

    public AgentMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public Timer.Sample startHandling() {
        return Timer.start(registry);
    }

    public void handled(String agent, String type, Timer.Sample sample) {
        sample.stop(registry.timer("agent.handler", "agent", agent, "type", type));
        registry.counter("agent.messages.handled", "agent", agent, "type", type).increment();
    }

    public void failed(String agent, String type) {
        registry.counter("agent.messages.failed", "agent", agent, "type", type).increment();
    }

    public void retried(String agent, String type) {
        registry.counter("agent.messages.retried", "agent", agent, "type", type).increment();
    }

    public void deadLettered(String agent, String type) {
        registry.counter("agent.messages.dead.lettered", "agent", agent, "type", type).increment();
    }

    /** Sum of one counter over all message types of an agent, for the admin view. */
    public double count(String counter, String agent) {
        return registry.find("agent.messages." + counter).tag("agent", agent).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}
