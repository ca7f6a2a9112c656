package dev.domainagents.core.agent;

import dev.domainagents.core.delivery.RetryPolicy;
import dev.domainagents.core.message.MessageType;
import dev.domainagents.core.store.RecordedEvent;
import dev.domainagents.core.store.Segment;
import dev.domainagents.core.store.Subscription;
import dev.domainagents.core.store.Tx;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shared base of the kinds that react to events (coordinator, signal, observer, projection): the agent
 * declares its events with {@link #when} and the platform feeds them through one durable
 * {@link Subscription} named after the agent. Events of other types are not read at all.
 */
public abstract sealed class ReactingAgent extends Agent permits CoordinatorAgent, SignalAgent, ObserverAgent, ProjectionAgent {
    private final Map<String, EventHandler<RecordedEvent>> handlers = new HashMap<>();
    private EventHandler<RecordedEvent> everyEvent;
    private Set<String> everyEventTypes = Set.of();
    private final List<Subscription> subscriptions = new ArrayList<>();

    ReactingAgent(String name, AgentRuntime runtime) {
        super(name, runtime);
    }

    /** Declares a reaction to events of {@code type}. Call from the constructor. */
    protected final <E> void when(Class<E> type, EventHandler<E> handler) {
        handlers.put(MessageType.Of.name(type), (event, context) -> handler.handle(event.payloadAs(type), context));
    }

    /** Declares a reaction to every event, whatever its type (observers). */
    final void whenAnyEvent(EventHandler<RecordedEvent> handler) {
        whenRecorded(Set.of(), handler);
    }

    /** Declares one reaction to the stored events of {@code types} (none named: every event). */
    final void whenRecorded(Set<String> types, EventHandler<RecordedEvent> handler) {
        everyEvent = handler;
        everyEventTypes = Set.copyOf(types);
    }

    /** How a failing event is retried before it goes to the dead letters; by default the agent's configured policy. */
    protected RetryPolicy retryPolicy() {
        return runtime.delivery().retryFor(name());
    }

    @Override
    public Future<?> start() {
        Set<String> types = everyEvent != null ? everyEventTypes : handlers.keySet();
        int segments = runtime.delivery().segmentsFor(name());
        for (int index = 0; index < segments; index++) {
            subscriptions.add(new Subscription(name(), new Segment(index, segments), types, this::react, vertx, runtime.pool(),
                    runtime.events(), runtime.deadLetters(), retryPolicy(), runtime.delivery().subscriptions(), runtime.leases()));
        }
        return Future.all(subscriptions.stream().map(Subscription::start).toList());
    }

    /** Stops reading events; the batch in progress commits first. */
    @Override
    public Future<?> stop() {
        return Future.join(subscriptions.stream().map(Subscription::stop).toList());
    }

    /** The names of this agent's subscriptions: its own, or one per segment ({@code agents.<name>.segments}). */
    protected final List<String> subscriptionNames() {
        return subscriptions.stream().map(Subscription::name).toList();
    }

    private Future<Void> react(RecordedEvent event, Tx tx) {
        EventHandler<RecordedEvent> handler = everyEvent != null ? everyEvent : handlers.get(event.type());
        if (handler == null) {
            return Future.succeededFuture();
        }
        var sample = runtime.metrics().startHandling();
        return handler.handle(event, new HandlerContext(name(), event.envelope(), event.position(), tx, runtime, cache))
                .onSuccess(done -> runtime.metrics().handled(name(), event.type(), sample))
                .onFailure(failure -> runtime.metrics().failed(name(), event.type()))
                .mapEmpty();
    }
}
