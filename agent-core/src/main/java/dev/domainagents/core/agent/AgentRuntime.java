package dev.domainagents.core.agent;

import dev.domainagents.core.delivery.Breakers;
import dev.domainagents.core.delivery.DeadLetters;
import dev.domainagents.core.delivery.Inbox;
import dev.domainagents.core.lease.Leases;
import dev.domainagents.core.outbox.Outbox;
import dev.domainagents.core.store.EventStore;
import dev.domainagents.core.delivery.BreakerSettings;
import dev.domainagents.core.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.time.Clock;

/**
 * What the platform hands every agent of a process: the shared pool, event store, outbox,
 * inbox, dead letters, breakers, the node's leases, metrics, delivery settings and clock. Agents receive it
 * through their constructor; nothing here is static.
 */
public record AgentRuntime(Pool pool, EventStore events, Outbox outbox, Inbox inbox, DeadLetters deadLetters,
                           Breakers breakers, Leases leases, AgentMetrics metrics, DeliverySettings delivery, Clock clock,
                           JsonObject config) {

    /** Leaves the config out: it holds the admin token and the database password. */
    @Override
    public String toString() {
        return "AgentRuntime[delivery=" + delivery + ", clock=" + clock + "]";
    }

    /**
     * Assembles the runtime of a process from its configuration; the caller deploys
     * {@code relay}, which sends what the runtime's outbox stores. Invalid settings fail
     * here, naming their key.
     */
    public static AgentRuntime create(Vertx vertx, Pool pool, OutboxRelay relay, Leases leases, MeterRegistry registry,
                                      JsonObject config) {
        Outbox outbox = new Outbox(relay, relay.settings());
        Inbox inbox = new Inbox();
        EventStore events = new EventStore(vertx.eventBus());
        Clock clock = Clock.systemUTC();
        return new AgentRuntime(pool, events, outbox, inbox,
                new DeadLetters(pool, outbox, inbox, vertx.eventBus(), events, clock),
                new Breakers(BreakerSettings.fromJson(config.getJsonObject("breaker", new JsonObject())), registry), leases,
                new AgentMetrics(registry), DeliverySettings.fromJson(config), clock, config);
    }
}
