-- 007 fewer index entries per write: see 007_write_indexes.postgres.sql. SQLite keeps the column
-- constraint UNIQUE on task_changes.seq (dropping it would rebuild the table).
DROP INDEX task_changes_at_idx;
DROP INDEX tasks_completed_idx;
CREATE INDEX tasks_completed_idx ON tasks (completed_at) WHERE completed_at IS NOT NULL;
