-- 014 time sorts: see 014_time_sorts.postgres.sql. SQLite cannot add STORED generated columns
-- to an existing table, so the helpers are VIRTUAL (computed on read, stored in the indexes).
ALTER TABLE tasks ADD COLUMN started_null INTEGER GENERATED ALWAYS AS (
    CASE WHEN started_at IS NULL THEN 1 ELSE 0 END) VIRTUAL;
ALTER TABLE tasks ADD COLUMN completed_null INTEGER GENERATED ALWAYS AS (
    CASE WHEN completed_at IS NULL THEN 1 ELSE 0 END) VIRTUAL;
ALTER TABLE tasks ADD COLUMN execution_ms INTEGER GENERATED ALWAYS AS (
    completed_at - started_at) VIRTUAL;
ALTER TABLE tasks ADD COLUMN execution_null INTEGER GENERATED ALWAYS AS (
    CASE WHEN completed_at IS NULL OR started_at IS NULL THEN 1 ELSE 0 END) VIRTUAL;
CREATE INDEX tasks_started_asc_idx ON tasks (started_null, started_at, id);
CREATE INDEX tasks_started_desc_idx ON tasks (started_null, started_at DESC, id DESC);
CREATE INDEX tasks_completed_asc_idx ON tasks (completed_null, completed_at, id);
CREATE INDEX tasks_completed_desc_idx ON tasks (completed_null, completed_at DESC, id DESC);
CREATE INDEX tasks_execution_asc_idx ON tasks (execution_null, execution_ms, id);
CREATE INDEX tasks_execution_desc_idx ON tasks (execution_null, execution_ms DESC, id DESC);
