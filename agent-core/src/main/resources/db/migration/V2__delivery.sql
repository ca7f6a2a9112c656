-- Messages each consumer has handled, with the reply it gave (dedup of redeliveries).
CREATE TABLE inbox (
    consumer   TEXT        NOT NULL,
    message_id UUID        NOT NULL,
    reply      JSONB       NOT NULL,
    handled_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, message_id)
);

-- Commands written with the sender's state change, resent until the receiver acknowledges.
CREATE TABLE outbox (
    id              BIGSERIAL   PRIMARY KEY,
    message_id      UUID        NOT NULL,
    address         TEXT        NOT NULL,
    envelope        JSONB       NOT NULL,
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX outbox_due ON outbox (next_attempt_at);

-- Durable position of each subscription.
CREATE TABLE checkpoints (
    subscription TEXT        PRIMARY KEY,
    tx_id        BIGINT      NOT NULL DEFAULT 0,
    position     BIGINT      NOT NULL DEFAULT 0,
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Messages a consumer gave up on. status: DEAD (failed past its retries), PARKED (waits
-- behind a dead message of the same stream), REDRIVE (an operator asked for another try).
CREATE TABLE dead_letters (
    id              BIGSERIAL   PRIMARY KEY,
    consumer        TEXT        NOT NULL,
    address         TEXT,
    message_id      UUID        NOT NULL,
    message_type    TEXT        NOT NULL,
    stream_id       TEXT,
    stream_version  BIGINT,
    event_tx_id     BIGINT,
    event_position  BIGINT,
    envelope        JSONB       NOT NULL,
    error           TEXT        NOT NULL,
    attempts        INT         NOT NULL,
    status          TEXT        NOT NULL,
    first_failed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_failed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT dead_letters_consumer_message_key UNIQUE (consumer, message_id)
);
CREATE INDEX dead_letters_by_stream ON dead_letters (consumer, stream_id, stream_version);

-- What operators did with dead letters.
CREATE TABLE dead_letter_audit (
    id             BIGSERIAL   PRIMARY KEY,
    dead_letter_id BIGINT      NOT NULL,
    action         TEXT        NOT NULL,
    consumer       TEXT        NOT NULL,
    message_id     UUID        NOT NULL,
    envelope       JSONB       NOT NULL,
    at             TIMESTAMPTZ NOT NULL DEFAULT now()
);
