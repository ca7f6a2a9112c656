package dev.domainagents.core.store;

import dev.domainagents.core.message.Envelope;
import dev.domainagents.core.message.Json;
import dev.domainagents.core.message.MessageKind;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The event store on PostgreSQL.
 *
 * <p>Guarantees: an append writes all its events or none; it succeeds only if the stream is
 * exactly at the expected version (0 for a new stream), else it fails with a
 * {@link StreamVersionConflict} and writes nothing. {@link #readAll} returns events in
 * (transaction id, sequence) order and only those whose transaction is older than every
 * transaction still running, so a reader never skips an event that commits after a
 * later-numbered one, and never sees one twice if it resumes after the last it read.
 *
 * <p>Appends take the caller's transaction; {@link Tx#afterCommit} wakes the subscriptions.
 */
public final class EventStore {
    /** Published after every commit that appended events, with the types appended (a JSON array). */
    public static final String APPENDED_ADDRESS = "domain-agents.events.appended";

    private static final String APPEND = """
            INSERT INTO events (stream_id, version, event_id, type, payload, metadata, occurred_at)
            SELECT $1, $2::bigint + e.n, e.event_id, e.type, e.payload::jsonb, e.metadata::jsonb, e.occurred_at
            FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
                 WITH ORDINALITY AS e(event_id, type, payload, metadata, occurred_at, n)
            WHERE (SELECT coalesce(max(version), 0) FROM events WHERE stream_id = $1) = $2
            """;
    private static final String COLUMNS = "tx_id, position, stream_id, version, event_id, type, payload, metadata, occurred_at";
    private static final String READ_STREAM =
            "SELECT " + COLUMNS + " FROM events WHERE stream_id = $1 AND version > $2 ORDER BY version";
    private static final String READ_ALL = "SELECT " + COLUMNS + """
             FROM events
            WHERE (tx_id, position) > ($1, $2)
              AND tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
              AND (cardinality($4::text[]) = 0 OR type = ANY($4::text[]))
              AND ($5::int = 1 OR (hashtextextended(stream_id, 0) % $5 + $5) % $5 = $6)
            ORDER BY tx_id, position
            LIMIT $3
            """;

    /*
     * READ_ALL, plus the horizon: the last event of any type or segment below the same snapshot's
     * xmin. Every transaction below xmin has ended, so no event can ever appear at or before the
     * horizon again; computed once (MATERIALIZED) so the batch and the horizon share one xmin.
     */
    private static final String READ_PAGE = """
            WITH horizon AS MATERIALIZED (
                SELECT x.xmin, last.tx_id AS last_tx_id, last.position AS last_position
                  FROM (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin) x
                  LEFT JOIN LATERAL (SELECT tx_id, position FROM events
                                      WHERE tx_id < x.xmin AND (tx_id, position) > ($1, $2)
                                      ORDER BY tx_id DESC, position DESC
                                      LIMIT 1) last ON true)
            SELECT h.last_tx_id, h.last_position, e.*
              FROM horizon h
              LEFT JOIN LATERAL (SELECT %s FROM events
                                  WHERE (tx_id, position) > ($1, $2)
                                    AND tx_id < h.xmin
                                    AND (cardinality($4::text[]) = 0 OR type = ANY($4::text[]))
                                    AND ($5::int = 1 OR (hashtextextended(stream_id, 0) %% $5 + $5) %% $5 = $6)
                                  ORDER BY tx_id, position
                                  LIMIT $3) e ON true
             ORDER BY e.tx_id, e.position
            """.formatted(COLUMNS);

    // a scalar subquery with ORDER BY ... LIMIT 1, not EXISTS: the planner keeps the index then
    private static final String ANY_HELD_BACK = """
            SELECT (SELECT position FROM events
                     WHERE (tx_id, position) > ($1, $2)
                       AND tx_id >= pg_snapshot_xmin(pg_current_snapshot())::text::bigint
                       AND (cardinality($3::text[]) = 0 OR type = ANY($3::text[]))
                       AND ($4::int = 1 OR (hashtextextended(stream_id, 0) % $4 + $4) % $4 = $5)
                     ORDER BY tx_id, position
                     LIMIT 1) IS NOT NULL
            """;

    private final EventBus bus;

    public EventStore(EventBus bus) {
        this.bus = bus;
    }

    /**
     * Appends {@code events} (envelopes of kind EVENT) to a stream at {@code expectedVersion},
     * in the caller's transaction. Returns the stream's new version.
     */
    public Future<Long> append(Tx tx, String streamId, long expectedVersion, List<Envelope> events) {
        if (events.isEmpty()) {
            return Future.succeededFuture(expectedVersion);
        }
        int count = events.size();
        UUID[] ids = new UUID[count];
        String[] types = new String[count];
        String[] payloads = new String[count];
        String[] metadata = new String[count];
        OffsetDateTime[] occurred = new OffsetDateTime[count];
        for (int i = 0; i < count; i++) {
            Envelope event = events.get(i);
            ids[i] = event.messageId();
            types[i] = event.type();
            payloads[i] = Json.encode(event.payload());
            metadata[i] = metadataOf(event).encode();
            occurred[i] = event.occurredAt().atOffset(ZoneOffset.UTC);
        }
        return tx.stillOpen().compose(open -> tx.connection().preparedQuery(APPEND)
                .execute(Tuple.of(streamId, expectedVersion, ids, types, payloads).addValue(metadata).addValue(occurred)))
                .recover(failure -> Future.failedFuture(isVersionClash(failure)
                        ? new StreamVersionConflict(streamId, expectedVersion) : failure))
                .compose(result -> {
                    if (result.rowCount() != count) {
                        return Future.failedFuture(new StreamVersionConflict(streamId, expectedVersion));
                    }
                    tx.afterCommit(() -> announceAppend(List.of(types)));
                    return Future.succeededFuture(expectedVersion + count);
                });
    }

    /** Events of one stream after {@code afterVersion}, in version order. */
    public Future<List<RecordedEvent>> readStream(SqlClient sql, String streamId, long afterVersion) {
        return sql.preparedQuery(READ_STREAM).execute(Tuple.of(streamId, afterVersion)).map(EventStore::toEvents);
    }

    /** Up to {@code limit} events after {@code after} in global order, never past a transaction still running. */
    public Future<List<RecordedEvent>> readAll(SqlClient sql, GlobalPosition after, int limit) {
        return readAll(sql, after, limit, Set.of(), Segment.WHOLE);
    }

    /** The same, of the given types only (none given: every type), of the streams in {@code segment}. */
    public Future<List<RecordedEvent>> readAll(SqlClient sql, GlobalPosition after, int limit, Set<String> types, Segment segment) {
        return sql.preparedQuery(READ_ALL)
                .execute(Tuple.of(after.transactionId(), after.sequence(), limit, types.toArray(String[]::new),
                        segment.count(), segment.index()))
                .map(EventStore::toEvents);
    }

    /**
     * What {@link #readAll} answers, and the {@link Page#horizon} of the same snapshot: a
     * subscription that handled the whole page (fewer events than {@code limit}) may move its
     * checkpoint there, past every event of other types and segments, without reading them.
     */
    public Future<Page> readPage(SqlClient sql, GlobalPosition after, int limit, Set<String> types, Segment segment) {
        return sql.preparedQuery(READ_PAGE)
                .execute(Tuple.of(after.transactionId(), after.sequence(), limit, types.toArray(String[]::new),
                        segment.count(), segment.index()))
                .map(rows -> {
                    List<RecordedEvent> events = new ArrayList<>();
                    GlobalPosition horizon = after;
                    for (Row row : rows) {
                        Long lastTx = row.getLong("last_tx_id");
                        if (lastTx != null) {
                            horizon = new GlobalPosition(lastTx, row.getLong("last_position"));
                        }
                        if (row.getValue("position") != null) {
                            events.add(toEvent(row));
                        }
                    }
                    return new Page(events, horizon);
                });
    }

    /**
     * Events read after a position, at most the limit asked for; and {@code horizon}: the last
     * stored event of any type or segment whose transaction, and every one before it, has ended
     * (never before the position read after). No event can appear at or before it any more.
     */
    public record Page(List<RecordedEvent> events, GlobalPosition horizon) {
        public Page {
            events = List.copyOf(events);
        }
    }

    /**
     * Whether events after {@code after} have committed but {@link #readAll} holds them back,
     * because an older transaction is still running: the reader should look again soon.
     */
    public Future<Boolean> anyHeldBack(SqlClient sql, GlobalPosition after, Set<String> types, Segment segment) {
        return sql.preparedQuery(ANY_HELD_BACK).execute(Tuple.of(after.transactionId(), after.sequence(),
                        types.toArray(String[]::new), segment.count(), segment.index()))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /**
     * Wakes the subscriptions of the cluster that want events of {@code types} (empty: all of
     * them); they read what is new themselves. The hint carries only the types, so that a
     * subscription does not spend a transaction on an append it has no handler for.
     */
    public void announceAppend(Collection<String> types) {
        bus.publish(APPENDED_ADDRESS, new JsonArray(List.copyOf(types)));
    }

    private static boolean isVersionClash(Throwable failure) {
        return failure instanceof PgException pg
                && "23505".equals(pg.getSqlState())
                && "events_stream_version_key".equals(pg.getConstraint());
    }

    private static JsonObject metadataOf(Envelope event) {
        JsonObject metadata = new JsonObject().put("headers", new JsonObject(new java.util.HashMap<>(event.headers())));
        if (event.correlationId() != null) {
            metadata.put("correlationId", event.correlationId());
        }
        if (event.causationId() != null) {
            metadata.put("causationId", event.causationId().toString());
        }
        return metadata;
    }

    private static List<RecordedEvent> toEvents(Iterable<Row> rows) {
        List<RecordedEvent> events = new ArrayList<>();
        for (Row row : rows) {
            events.add(toEvent(row));
        }
        return events;
    }

    private static RecordedEvent toEvent(Row row) {
        JsonObject metadata = row.getJsonObject("metadata");
        String causation = metadata.getString("causationId");
        java.util.Map<String, String> headers = new java.util.HashMap<>();
        metadata.getJsonObject("headers", new JsonObject()).forEach(h -> headers.put(h.getKey(), String.valueOf(h.getValue())));
        String streamId = row.getString("stream_id");
        Instant occurredAt = row.getOffsetDateTime("occurred_at").toInstant();
        Envelope envelope = new Envelope(row.getUUID("event_id"), row.getString("type"), MessageKind.EVENT, streamId,
                metadata.getString("correlationId"), causation == null ? null : UUID.fromString(causation),
                occurredAt, 1, headers, row.getJsonObject("payload"));
        return new RecordedEvent(new GlobalPosition(row.getLong("tx_id"), row.getLong("position")),
                streamId, row.getLong("version"), envelope);
    }
}
