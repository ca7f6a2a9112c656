-- GET /admin/sagas/{correlationId} finds every saga of a flow by its correlation id alone.
CREATE INDEX sagas_by_correlation ON sagas (correlation_id);
