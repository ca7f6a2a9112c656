package dev.domainagents.observer;

import dev.domainagents.core.agent.AgentRuntime;
import dev.domainagents.core.agent.ObserverAgent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every domain event and changes nothing: counts them by type
 * ({@code domain_events_observed_total{type=...}}) and writes the audit trail to the log,
 * one structured line per event with its correlation and causation, and, once its
 * transaction has committed, publishes each event's summary to the live feed ({@link FeedEvent}).
 */
public final class DomainObserver extends ObserverAgent {
    private static final Logger AUDIT = LoggerFactory.getLogger("dev.domainagents.audit");

    public DomainObserver(AgentRuntime runtime) {
        super("observer", runtime);
        MeterRegistry registry = runtime.metrics().registry();
        observe((event, context) -> {
            Counter.builder("domain.events.observed").description("domain events the observer agent saw, by event type")
                    .tag("type", event.type()).register(registry).increment();
            AUDIT.info("event type={} streamId={} version={} messageId={} correlationId={} causationId={}",
                    event.type(), event.streamId(), event.version(), event.envelope().messageId(),
                    event.envelope().correlationId(), event.envelope().causationId());
            JsonObject summary = FeedEvent.of(event).toJson();
            context.afterCommit(() -> vertx.eventBus().publish(FeedEvent.ADDRESS, summary));
            return Future.succeededFuture();
        });
    }
}
