package dev.domainagents.observer;

import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.agent.ObserverAgent;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every domain event and changes nothing: counts them by type
 * ({@code domain_events_observed_total{type=...}}) and writes the audit trail to the log,
 * one structured line per event with its correlation and causation.
 */
public final class DomainObserver extends ObserverAgent {
    private static final Logger AUDIT = LoggerFactory.getLogger("dev.domainagents.audit");

    public DomainObserver(AgentRuntime runtime) {
        super("observer", runtime);
        MeterRegistry registry = runtime.metrics().registry();
        observe((event, context) -> {
            registry.counter("domain.events.observed", "type", event.type()).increment();
            AUDIT.info("event type={} streamId={} version={} messageId={} correlationId={} causationId={}",
                    event.type(), event.streamId(), event.version(), event.envelope().messageId(),
                    event.envelope().correlationId(), event.envelope().causationId());
            return Future.succeededFuture();
        });
    }
}
