-- 006 change log (services/ChangeLog.h): a durable, global log of every committed task change,
-- replacing migration 005's NOTIFY in every transaction (PostgreSQL serialises the commits of all
-- transactions that NOTIFY, src/backend/commands/async.c PreCommit_Notify).
--
-- Writers append rows with seq NULL in their own transaction: Taskdeck's mutations write their row
-- themselves (with the task's JSON as `payload`) and set taskdeck.logged = 'on' for the
-- transaction so the triggers below stay silent; everything else (psql, other tools, imports)
-- is logged by the statement-level triggers, one id-only row per changed task. No writer
-- updates a shared row, so writers never queue behind each other here.
--
-- The sequencer (ChangeLog::sequence, run by any instance, one at a time under an advisory lock)
-- gives the committed unsequenced rows the next positions, in id order, in its own transaction;
-- so positions are dense (a rolled-back writer's row never gets one) and are committed in
-- increasing order: a reader that has seen position N has seen every position below N.
DROP TRIGGER tasks_notify_change ON tasks;
DROP TRIGGER tasks_notify_reset ON tasks;
DROP FUNCTION taskdeck_notify_task_change();
DROP FUNCTION taskdeck_notify_task_reset();

CREATE TABLE task_changes (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- append order (not the log order)
    seq     bigint UNIQUE,                                   -- log position; NULL until sequenced
    op      text NOT NULL CHECK (op IN ('created', 'updated', 'deleted', 'metrics', 'reset')),
    task_id uuid,
    at      bigint NOT NULL,                                 -- epoch ms UTC of the change
    payload text,                                            -- API JSON (task or metrics); NULL:
                                                             -- the sequencer reads the row
    detail  text                                             -- metrics rows: the whole snapshot
                                                             -- (per category too), for windows
);
CREATE INDEX task_changes_unsequenced_idx ON task_changes (id) WHERE seq IS NULL;
CREATE INDEX task_changes_at_idx ON task_changes (at) WHERE seq IS NOT NULL;

-- One row: the last position given, and the metrics.updated throttle shared by all instances.
CREATE TABLE change_log_head (
    singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    last_seq     bigint NOT NULL DEFAULT 0,
    metrics_at   bigint NOT NULL DEFAULT 0,   -- when the last metrics row was written (epoch ms)
    metrics_due  boolean NOT NULL DEFAULT false,
    metrics_json text                         -- the payload of the last metrics row
);
INSERT INTO change_log_head (singleton) VALUES (true);

CREATE FUNCTION taskdeck_log_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_at bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
BEGIN
    IF coalesce(current_setting('taskdeck.logged', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO task_changes (op, task_id, at) SELECT 'created', id, v_at FROM new_rows;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO task_changes (op, task_id, at) SELECT 'updated', id, v_at FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO task_changes (op, task_id, at) SELECT 'deleted', id, v_at FROM old_rows;
    ELSE -- TRUNCATE: every instance reloads
        INSERT INTO task_changes (op, at) VALUES ('reset', v_at);
    END IF;
    RETURN NULL;
END;
$$;

-- The WHEN condition skips the function call for Taskdeck's own (muted) statements.
CREATE TRIGGER tasks_log_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT WHEN (current_setting('taskdeck.logged', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION taskdeck_log_changes();
CREATE TRIGGER tasks_log_update AFTER UPDATE ON tasks REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT WHEN (current_setting('taskdeck.logged', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION taskdeck_log_changes();
CREATE TRIGGER tasks_log_delete AFTER DELETE ON tasks REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT WHEN (current_setting('taskdeck.logged', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION taskdeck_log_changes();
CREATE TRIGGER tasks_log_truncate AFTER TRUNCATE ON tasks
    FOR EACH STATEMENT WHEN (current_setting('taskdeck.logged', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION taskdeck_log_changes();
