package dev.domainagents.core.agent;

import java.util.List;

/**
 * An aggregate written as a pure function pair: {@code decide} turns a command and the
 * current state into new events (a business refusal is an event, not an exception);
 * {@code evolve} folds an event into the state. No I/O, no clock: time comes in the command.
 */
public interface Decider<C, E, S> {
    S initialState();

    List<E> decide(C command, S state);

    S evolve(S state, E event);
}
