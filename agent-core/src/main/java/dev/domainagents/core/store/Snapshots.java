package dev.domainagents.core.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;

/**
 * Snapshots of streams: a stream's folded state (as JSON text) at a version. Written in the
 * transaction that appended that version, so a snapshot always matches its stream; a newer
 * snapshot replaces an older one, never the reverse.
 */
public final class Snapshots {
    private static final String READ = "SELECT version, state::text AS state FROM snapshots WHERE stream_id = $1";
    private static final String WRITE = """
            INSERT INTO snapshots (stream_id, version, state) VALUES ($1, $2, $3::text::jsonb)
            ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, state = excluded.state, updated_at = now()
             WHERE snapshots.version < excluded.version
            """;

    /** A stream's state at {@code version}, as JSON text. */
    public record Snapshot(long version, String state) {
    }

    private Snapshots() {
    }

    public static Future<Optional<Snapshot>> read(SqlClient sql, String streamId) {
        return sql.preparedQuery(READ).execute(Tuple.of(streamId)).map(rows -> rows.size() == 0
                ? Optional.empty()
                : Optional.of(new Snapshot(rows.iterator().next().getLong("version"), rows.iterator().next().getString("state"))));
    }

    public static Future<Void> write(SqlClient sql, String streamId, long version, String state) {
        return sql.preparedQuery(WRITE).execute(Tuple.of(streamId, version, state)).mapEmpty();
    }
}
