package dev.domainagents.core.kafka;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * What an agent module does with one command that arrived from the outside as a record: check
 * it as its HTTP route would, then send it on. Contributed through
 * {@link dev.domainagents.core.agent.AgentModule#commandIntakes}, under the command's wire type,
 * which records name in their {@code type} header.
 */
@FunctionalInterface
public interface CommandIntake {

    /**
     * Takes the command {@code value} keyed by {@code key} (the idempotency key; null when the
     * record has none). Answers {@link Outcome#accepted} once the command's effect is stored,
     * {@link Outcome#refused} for a command no retry can make acceptable; a failed future means
     * "not now" (an agent unreachable, a timeout), and the same record is taken again later, so
     * taking it twice must do no more than taking it once.
     */
    Future<Outcome> take(String key, JsonObject value);

    /** Accepted (with a reference to what it made, e.g. the order id), or refused with the reason, as JSON. */
    record Outcome(boolean accepted, String reference, JsonObject error) {
        public static Outcome accepted(String reference) {
            return new Outcome(true, reference, null);
        }

        /** {@code error} is API.md's error body: {@code error} (a code), {@code message}, {@code details} (the broken fields). */
        public static Outcome refused(JsonObject error) {
            return new Outcome(false, null, error);
        }
    }
}
