package dev.domainagents.core.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-agent delivery counters and handler latency, tagged by agent and message type:
 * {@code agent_messages_handled_total}, {@code _failed_total}, {@code _retried_total},
 * {@code _dead_lettered_total}, {@code _duplicate_total} (deliveries of a command already handled
 * or in hand, answered without handling it again) and {@code agent_handler_seconds}.
 */
public final class AgentMetrics {
    /** The HELP text of each counter, shown by {@code /metrics}. */
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "agent.messages.handled", "messages an agent handled, by agent and message type",
            "agent.messages.failed", "handling attempts that failed, by agent and message type",
            "agent.messages.retried", "messages tried again after a failure or a version conflict, by agent and message type",
            "agent.messages.dead.lettered", "messages an agent gave up on and stored in the dead letters, by agent and message type",
            "agent.messages.duplicate", "deliveries of a command already handled or in hand, answered without handling it again");

    private final MeterRegistry registry;
    /** Meters by name, agent and type: looked up on every message, so found once and kept. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

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
        sample.stop(timers.computeIfAbsent(agent + '|' + type, key -> Timer.builder("agent.handler")
                .description("time a handler took, from the start of its attempt to its reply, by agent and message type")
                .tags("agent", agent, "type", type).register(registry)));
        counter("agent.messages.handled", agent, type).increment();
    }

    public void failed(String agent, String type) {
        counter("agent.messages.failed", agent, type).increment();
    }

    public void retried(String agent, String type) {
        counter("agent.messages.retried", agent, type).increment();
    }

    public void deadLettered(String agent, String type) {
        counter("agent.messages.dead.lettered", agent, type).increment();
    }

    public void duplicate(String agent, String type) {
        counter("agent.messages.duplicate", agent, type).increment();
    }

    private Counter counter(String name, String agent, String type) {
        return counters.computeIfAbsent(name + '|' + agent + '|' + type, key -> Counter.builder(name)
                .description(DESCRIPTIONS.get(name)).tags("agent", agent, "type", type).register(registry));
    }

    /** Sum of one counter over all message types of an agent, for the admin view. */
    public double count(String counter, String agent) {
        return registry.find("agent.messages." + counter).tag("agent", agent).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}
