package dev.domainagents.core.agent;

import io.vertx.core.Future;

/** Handles one command; its future's value (a record, or null) is the reply, stored with the inbox entry. */
@FunctionalInterface
public interface CommandHandler<C> {
    Future<?> handle(C command, HandlerContext context);
}
