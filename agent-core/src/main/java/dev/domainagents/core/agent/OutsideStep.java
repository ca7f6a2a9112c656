package dev.domainagents.core.agent;

import io.vertx.core.Future;

import java.util.Optional;

/**
 * The first part of a command declared with {@link ExecutionAgent#onOutside}: run with no
 * transaction open, it reads what it needs and asks the outside world through
 * {@link OutsideContext#call}. Its answer (empty when there was nothing to ask, e.g. the step
 * is already recorded) goes to the command's {@link AnswerHandler}.
 */
@FunctionalInterface
public interface OutsideStep<C, A> {
    Future<Optional<A>> ask(C command, OutsideContext outside);
}
