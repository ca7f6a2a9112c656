package dev.domainagents.core.agent;

import dev.domainagents.core.delivery.Breakers;
import dev.domainagents.core.delivery.DeadLetters;
import dev.domainagents.core.delivery.Inbox;
import dev.domainagents.core.outbox.Outbox;
import dev.domainagents.core.store.EventStore;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.time.Clock;

/**
 * What the platform hands every agent of a process: the shared pool, event store, outbox,
 * inbox, dead letters, breakers, metrics, delivery settings and clock. Agents receive it
 * through their constructor; nothing here is static.
 */
public record AgentRuntime(Pool pool, EventStore events, Outbox outbox, Inbox inbox, DeadLetters deadLetters,
                           Breakers breakers, AgentMetrics metrics, DeliverySettings delivery, Clock clock,
                           JsonObject config) {
}
