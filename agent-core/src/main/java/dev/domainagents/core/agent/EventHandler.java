package dev.domainagents.core.agent;

import io.vertx.core.Future;

/** Reacts to one event, inside the transaction that moves the agent's subscription checkpoint. */
@FunctionalInterface
public interface EventHandler<E> {
    Future<?> handle(E event, HandlerContext context);
}
