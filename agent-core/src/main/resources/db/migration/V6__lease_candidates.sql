-- The nodes that want a share of a consumer split into segments, each seen at its last lease
-- renewal. A node's fair share of a group's segments is their count divided among the live
-- candidates; a node that stops renewing drops out after a few renewal intervals.
CREATE TABLE lease_candidates (
    lease_group TEXT        NOT NULL,
    node        TEXT        NOT NULL,
    seen_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (lease_group, node)
);
