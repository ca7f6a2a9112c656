-- The order read model, kept by the order-view projection from the order events alone
-- (so a rebuild from zero ends identical). placed_seq is the global sequence of the
-- order.placed event: it orders the list (newest first) and is the paging cursor.
CREATE TABLE order_view (
    order_id    TEXT        PRIMARY KEY,
    customer_id TEXT        NOT NULL,
    items       JSONB       NOT NULL,
    total       NUMERIC(14, 2) NOT NULL,
    status      TEXT        NOT NULL,
    reason      TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    history     JSONB       NOT NULL,
    placed_seq  BIGINT      NOT NULL UNIQUE
);
CREATE INDEX order_view_by_status ON order_view (status, placed_seq DESC);
CREATE INDEX order_view_by_customer ON order_view (customer_id, placed_seq DESC);

-- Idempotency keys of POST /orders, claimed in the transaction that places the order:
-- a key maps to one order for good, and to the fingerprint of the request that made it.
CREATE TABLE order_idempotency_keys (
    idempotency_key TEXT        PRIMARY KEY,
    fingerprint     TEXT        NOT NULL,
    order_id        TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Customer notifications: at most one per order and outcome.
CREATE TABLE notifications (
    order_id    TEXT        NOT NULL,
    outcome     TEXT        NOT NULL,
    customer_id TEXT        NOT NULL,
    reason      TEXT,
    message     TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (order_id, outcome)
);
