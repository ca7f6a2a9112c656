package dev.domainagents.core.saga;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the saga instances of one correlation id, of every kind of saga, for the admin
 * view. One statement, so state, deadlines and history come from one consistent snapshot.
 * Reads only: it takes no locks and never waits for a saga's reaction in progress.
 * (The {@code sagas} table is keyed by saga first: a lookup by correlation id alone scans it.)
 */
public final class SagaViews {
    private static final String BY_CORRELATION = """
            SELECT s.saga, s.step, s.completed, s.state, s.created_at, s.updated_at,
                   d.names AS deadline_names, d.due AS deadline_due,
                   h.steps AS history_steps, h.causes AS history_causes, h.ats AS history_ats
              FROM sagas s
              LEFT JOIN LATERAL (
                   SELECT array_agg(name ORDER BY due_at, name) AS names, array_agg(due_at ORDER BY due_at, name) AS due
                     FROM deadlines WHERE saga = s.saga AND correlation_id = s.correlation_id) d ON true
              LEFT JOIN LATERAL (
                   SELECT array_agg(step ORDER BY seq) AS steps, array_agg(cause ORDER BY seq) AS causes,
                          array_agg(at ORDER BY seq) AS ats
                     FROM saga_steps WHERE saga = s.saga AND correlation_id = s.correlation_id) h ON true
             WHERE s.correlation_id = $1
             ORDER BY s.saga
            """;

    private final SqlClient sql;

    public SagaViews(SqlClient sql) {
        this.sql = sql;
    }

    /** Every saga instance with this correlation id, ordered by saga name; empty when there is none. */
    public Future<List<SagaView>> byCorrelationId(String correlationId) {
        return sql.preparedQuery(BY_CORRELATION).execute(Tuple.of(correlationId)).map(rows -> {
            List<SagaView> views = new ArrayList<>();
            rows.forEach(row -> views.add(toView(correlationId, row)));
            return views;
        });
    }

    private static SagaView toView(String correlationId, Row row) {
        List<SagaView.Deadline> deadlines = new ArrayList<>();
        String[] names = row.getArrayOfStrings("deadline_names");
        OffsetDateTime[] due = row.getArrayOfOffsetDateTimes("deadline_due");
        for (int i = 0; names != null && i < names.length; i++) {
            deadlines.add(new SagaView.Deadline(names[i], due[i].toInstant()));
        }
        List<SagaView.Step> history = new ArrayList<>();
        String[] steps = row.getArrayOfStrings("history_steps");
        String[] causes = row.getArrayOfStrings("history_causes");
        OffsetDateTime[] ats = row.getArrayOfOffsetDateTimes("history_ats");
        for (int i = 0; steps != null && i < steps.length; i++) {
            history.add(new SagaView.Step(steps[i], causes[i], ats[i].toInstant()));
        }
        return new SagaView(row.getString("saga"), correlationId, row.getString("step"), row.getBoolean("completed"),
                row.getJsonObject("state"), row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant(), deadlines, history);
    }
}
