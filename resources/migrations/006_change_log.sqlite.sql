-- 006 change log on SQLite: the same log as 006_change_log.postgres.sql (read that file first).
-- SQLite has one writer at a time, so append order is commit order; the same sequencer still
-- gives positions, so both databases share one feed design. Taskdeck's own mutations write their
-- row themselves and mute the triggers for their transaction with a row in change_log_mute
-- (a writer's uncommitted row is seen only by its own connection).
CREATE TABLE task_changes (
    id      INTEGER PRIMARY KEY,
    seq     INTEGER UNIQUE,
    op      TEXT NOT NULL CHECK (op IN ('created', 'updated', 'deleted', 'metrics', 'reset')),
    task_id TEXT,
    at      INTEGER NOT NULL,
    payload TEXT,
    detail  TEXT
);
CREATE INDEX task_changes_unsequenced_idx ON task_changes (id) WHERE seq IS NULL;
CREATE INDEX task_changes_at_idx ON task_changes (at) WHERE seq IS NOT NULL;

CREATE TABLE change_log_head (
    singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
    last_seq     INTEGER NOT NULL DEFAULT 0,
    metrics_at   INTEGER NOT NULL DEFAULT 0,
    metrics_due  INTEGER NOT NULL DEFAULT 0,
    metrics_json TEXT
);
INSERT INTO change_log_head (singleton) VALUES (1);

CREATE TABLE change_log_mute (muted INTEGER NOT NULL);

CREATE TRIGGER tasks_log_insert AFTER INSERT ON tasks
WHEN NOT EXISTS (SELECT 1 FROM change_log_mute)
BEGIN
    INSERT INTO task_changes (op, task_id, at)
    VALUES ('created', NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER tasks_log_update AFTER UPDATE ON tasks
WHEN NOT EXISTS (SELECT 1 FROM change_log_mute)
BEGIN
    INSERT INTO task_changes (op, task_id, at)
    VALUES ('updated', NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER tasks_log_delete AFTER DELETE ON tasks
WHEN NOT EXISTS (SELECT 1 FROM change_log_mute)
BEGIN
    INSERT INTO task_changes (op, task_id, at)
    VALUES ('deleted', OLD.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
