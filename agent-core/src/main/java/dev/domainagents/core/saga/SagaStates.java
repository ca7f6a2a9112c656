package dev.domainagents.core.saga;

import dev.domainagents.core.agent.HandlerContext;
import dev.domainagents.core.message.Json;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The durable state of one kind of saga, one record per correlation id, plus its step
 * history and deadlines. Every call runs in the reacting handler's transaction, so a
 * saga's state, the commands it sends and its subscription checkpoint commit together:
 * a restarted process resumes every saga where it stood.
 */
public final class SagaStates<S> {
    /**
     * The saga's state and step, the step in its history, and the step's deadline in place of
     * any other ($8 null: no deadline at all), due $9 ms after the database's now(), in one statement.
     */
    private static final String SAVE = """
            WITH saved AS (
                INSERT INTO sagas (saga, correlation_id, state, step, completed) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (saga, correlation_id) DO UPDATE
                   SET state = excluded.state, step = excluded.step, completed = excluded.completed, updated_at = now()
                RETURNING 1),
            step AS (
                INSERT INTO saga_steps (saga, correlation_id, step, cause, at) SELECT $1, $2, $4, $6, $7 FROM saved),
            others AS (
                DELETE FROM deadlines WHERE saga = $1 AND correlation_id = $2 AND name IS DISTINCT FROM $8)
            INSERT INTO deadlines (saga, correlation_id, name, step, due_at)
            SELECT $1, $2, $8, $4, now() + $9::bigint * interval '1 millisecond' WHERE $8::text IS NOT NULL
            ON CONFLICT (saga, correlation_id, name) DO UPDATE SET step = excluded.step, due_at = excluded.due_at
            """;
    private static final String LOAD = "SELECT state, step FROM sagas WHERE saga = $1 AND correlation_id = $2 FOR UPDATE";

    private final String saga;
    private final Class<S> stateType;

    public SagaStates(String saga, Class<S> stateType) {
        this.saga = saga;
        this.stateType = stateType;
    }

    public String saga() {
        return saga;
    }

    public Future<Optional<S>> load(HandlerContext context, String correlationId) {
        return context.sql().preparedQuery(LOAD)
                .execute(Tuple.of(saga, correlationId))
                .map(rows -> rows.size() == 0 ? Optional.<S>empty()
                        : Optional.of(Json.convert(rows.iterator().next().getJsonObject("state"), stateType)));
    }

    /**
     * The state of the saga a deadline fell due for, only if the deadline is this saga's and the
     * saga still stands at the step the deadline guards; empty otherwise. A deadline that arrives
     * after its step moved on (it fired while the saga's reaction that cancelled it ran) thus
     * changes nothing: react to a deadline through this, never through {@link #load}.
     */
    public Future<Optional<S>> loadAtStepOf(HandlerContext context, DeadlineReached deadline) {
        if (!owns(deadline)) {
            return Future.succeededFuture(Optional.empty());
        }
        return context.sql().preparedQuery(LOAD)
                .execute(Tuple.of(saga, deadline.correlationId()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.<S>empty();
                    }
                    Row row = rows.iterator().next();
                    // a deadline set before deadlines named their step (null) is taken as the current step's
                    boolean current = deadline.step() == null || deadline.step().equals(row.getString("step"));
                    return current ? Optional.of(Json.convert(row.getJsonObject("state"), stateType)) : Optional.<S>empty();
                });
    }

    /** Stores the saga at {@code step}, which has no deadline: any deadline of the saga is cancelled. */
    public Future<Void> save(HandlerContext context, String correlationId, S state, String step, boolean completed) {
        return save(context, correlationId, state, step, completed, null, null);
    }

    /**
     * Stores the saga at {@code step} (its state, and the step in its history) and gives it the
     * one deadline of that step, {@code deadlineName} due {@code timeout} from now, cancelling any
     * other: a saga only ever waits on the deadline of the step it stands at, and the deadline
     * names that step. "Now" is the database's clock, the one the {@link DeadlineScheduler}
     * compares with, never this JVM's. One round trip.
     */
    public Future<Void> save(HandlerContext context, String correlationId, S state, String step, boolean completed,
                             String deadlineName, Duration timeout) {
        return context.sql().preparedQuery(SAVE)
                .execute(Tuple.of(saga, correlationId, Json.toJson(state), step, completed, context.message().type(),
                                context.now().atOffset(ZoneOffset.UTC))
                        .addValue(deadlineName).addValue(timeout == null ? null : timeout.toMillis()))
                .mapEmpty();
    }

    /** The reached deadline, if it is this saga's. */
    public boolean owns(DeadlineReached deadline) {
        return saga.equals(deadline.saga());
    }

}
