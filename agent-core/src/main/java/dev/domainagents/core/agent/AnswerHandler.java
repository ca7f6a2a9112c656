package dev.domainagents.core.agent;

import io.vertx.core.Future;

import java.util.Optional;

/**
 * The second part of a command declared with {@link ExecutionAgent#onOutside}: run in the
 * command's transaction with what its {@link OutsideStep} answered, it records the outcome.
 * Its future's value (a record, or null) is the reply, stored with the inbox entry. It may run
 * more than once for one answer (its transaction rolled back because a neighbour in it
 * failed), never with the outside called again in between.
 */
@FunctionalInterface
public interface AnswerHandler<C, A> {
    Future<?> handle(C command, Optional<A> answer, HandlerContext context);
}
