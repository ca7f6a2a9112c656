package dev.domainagents.core.saga;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * One saga instance as an operator sees it: its state, current step, pending deadlines
 * (soonest first) and every step it took (oldest first). A snapshot for reading only; the
 * saga itself works through {@link SagaStates}.
 */
public record SagaView(String saga, String correlationId, String step, boolean completed, JsonObject state,
                       Instant createdAt, Instant updatedAt, List<Deadline> deadlines, List<Step> history) {

    /** A deadline that has not fired yet. */
    public record Deadline(String name, Instant dueAt) {
    }

    /** A step the saga took, and the type of the message that made it take it. */
    public record Step(String step, String cause, Instant at) {
    }

    public SagaView {
        deadlines = List.copyOf(deadlines);
        history = List.copyOf(history);
    }

    public JsonObject toJson() {
        JsonArray dueDeadlines = new JsonArray();
        deadlines.forEach(deadline -> dueDeadlines.add(new JsonObject()
                .put("name", deadline.name()).put("dueAt", deadline.dueAt().toString())));
        JsonArray steps = new JsonArray();
        history.forEach(taken -> steps.add(new JsonObject()
                .put("step", taken.step()).put("cause", taken.cause()).put("at", taken.at().toString())));
        return new JsonObject()
                .put("saga", saga)
                .put("step", step)
                .put("completed", completed)
                .put("state", state)
                .put("createdAt", createdAt.toString())
                .put("updatedAt", updatedAt.toString())
                .put("deadlines", dueDeadlines)
                .put("history", steps);
    }
}
