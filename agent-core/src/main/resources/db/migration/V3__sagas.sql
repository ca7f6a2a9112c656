-- Coordinator (saga) state, one row per saga instance, written in the transaction of the
-- reaction that changed it.
CREATE TABLE sagas (
    saga           TEXT        NOT NULL,
    correlation_id TEXT        NOT NULL,
    state          JSONB       NOT NULL,
    step           TEXT        NOT NULL,
    completed      BOOLEAN     NOT NULL DEFAULT false,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (saga, correlation_id)
);

-- Every step a saga took, for the admin view.
CREATE TABLE saga_steps (
    seq            BIGSERIAL   PRIMARY KEY,
    saga           TEXT        NOT NULL,
    correlation_id TEXT        NOT NULL,
    step           TEXT        NOT NULL,
    cause          TEXT        NOT NULL,
    at             TIMESTAMPTZ NOT NULL
);
CREATE INDEX saga_steps_by_saga ON saga_steps (saga, correlation_id, seq);

-- Deadlines: when one is due, the scheduler appends a saga.deadline-reached event, which
-- reaches the saga through its subscription like any other event.
CREATE TABLE deadlines (
    id             BIGSERIAL   PRIMARY KEY,
    saga           TEXT        NOT NULL,
    correlation_id TEXT        NOT NULL,
    name           TEXT        NOT NULL,
    due_at         TIMESTAMPTZ NOT NULL,
    CONSTRAINT deadlines_one_per_name UNIQUE (saga, correlation_id, name)
);
CREATE INDEX deadlines_due ON deadlines (due_at);
