-- 014 time sorts (issue 11 item 10): GET /api/tasks sort=started_at, completed_at and
-- execution_time. Each sorts like category: the tasks without a value (never started, never
-- completed, or either missing for the execution time) come last in both directions, by id in
-- the list's direction. Helper columns as in 001: a 0/1 "no value" flag first, then the value
-- (execution_ms = completed_at - started_at, null when either is null), and two indexes per
-- sort so both directions are plain forward scans of (flag, value, id) and the keyset seek is an
-- index range. Adding stored columns rewrites the table once (about 10 s at 1M tasks).
ALTER TABLE tasks
    ADD COLUMN started_null   smallint GENERATED ALWAYS AS (
                                  CASE WHEN started_at IS NULL THEN 1 ELSE 0 END) STORED,
    ADD COLUMN completed_null smallint GENERATED ALWAYS AS (
                                  CASE WHEN completed_at IS NULL THEN 1 ELSE 0 END) STORED,
    ADD COLUMN execution_ms   bigint GENERATED ALWAYS AS (completed_at - started_at) STORED,
    ADD COLUMN execution_null smallint GENERATED ALWAYS AS (
                                  CASE WHEN completed_at IS NULL OR started_at IS NULL
                                       THEN 1 ELSE 0 END) STORED;
CREATE INDEX tasks_started_asc_idx ON tasks (started_null, started_at, id);
CREATE INDEX tasks_started_desc_idx ON tasks (started_null, started_at DESC, id DESC);
CREATE INDEX tasks_completed_asc_idx ON tasks (completed_null, completed_at, id);
CREATE INDEX tasks_completed_desc_idx ON tasks (completed_null, completed_at DESC, id DESC);
CREATE INDEX tasks_execution_asc_idx ON tasks (execution_null, execution_ms, id);
CREATE INDEX tasks_execution_desc_idx ON tasks (execution_null, execution_ms DESC, id DESC);
