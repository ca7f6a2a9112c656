-- The event store. Readers order by (tx_id, position) and read only below the oldest
-- running transaction (pg_snapshot_xmin), so an event committed late is never skipped.
CREATE TABLE events (
    position    BIGSERIAL   PRIMARY KEY,
    tx_id       BIGINT      NOT NULL DEFAULT pg_current_xact_id()::text::bigint,
    stream_id   TEXT        NOT NULL,
    version     BIGINT      NOT NULL,
    event_id    UUID        NOT NULL UNIQUE,
    type        TEXT        NOT NULL,
    payload     JSONB       NOT NULL,
    metadata    JSONB       NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT events_stream_version_key UNIQUE (stream_id, version)
);
CREATE INDEX events_global_order ON events (tx_id, position);
