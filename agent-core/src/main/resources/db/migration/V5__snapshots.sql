-- The state of a long stream at some version, written in the transaction that appended that
-- version: a reader folds only the events after it instead of the whole stream.
CREATE TABLE snapshots (
    stream_id  TEXT        PRIMARY KEY,
    version    BIGINT      NOT NULL,
    state      JSONB       NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
