-- The inbox pruner looks for rows past the retention by the time they were handled. Rows are
-- written in that order, so a BRIN index finds them while costing the hot insert next to nothing
-- (a B-tree would add a page write to every command handled).
CREATE INDEX inbox_handled_at ON inbox USING brin (handled_at);
