-- The operations gauges count the sagas not yet completed, by saga and step, and find the oldest
-- of them, every few seconds: this partial index holds only those, so the query never reads the
-- completed sagas, which grow without end.
CREATE INDEX sagas_open ON sagas (saga, step, created_at) WHERE NOT completed;
