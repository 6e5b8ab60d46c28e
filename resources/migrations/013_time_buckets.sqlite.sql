-- 013 time series without a scan (issue 9 item 3). Read 013_time_buckets.postgres.sql first:
-- the same buckets (minute, hour and day widths), kept by row triggers in the same transaction as
-- every change of tasks. SQLite has one writer, so the triggers update the bucket rows in place
-- (no delta log); the view task_series_current is the table, as task_stats_current is.

CREATE TABLE task_series (
    width       INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    created     INTEGER NOT NULL DEFAULT 0,
    completed   INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    cost_e4     INTEGER NOT NULL DEFAULT 0,
    exec_ms_sum INTEGER NOT NULL DEFAULT 0,
    exec_count  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (width, start)
) WITHOUT ROWID;

CREATE TABLE task_series_widths (width INTEGER PRIMARY KEY);
INSERT INTO task_series_widths (width) VALUES (60000), (3600000), (86400000);

CREATE VIEW task_series_current AS
SELECT width, start, created, completed, failed, cost_e4, exec_ms_sum, exec_count FROM task_series;

CREATE TRIGGER tasks_series_insert AFTER INSERT ON tasks
BEGIN
    INSERT INTO task_series (width, start, created, completed, failed, cost_e4, exec_ms_sum,
                             exec_count)
    SELECT width, NEW.created_at - ((NEW.created_at % width) + width) % width,
           1, 0, 0, 0, 0, 0
    FROM task_series_widths WHERE true
    ON CONFLICT (width, start) DO UPDATE SET
        created = created + excluded.created, completed = completed + excluded.completed,
        failed = failed + excluded.failed, cost_e4 = cost_e4 + excluded.cost_e4,
        exec_ms_sum = exec_ms_sum + excluded.exec_ms_sum,
        exec_count = exec_count + excluded.exec_count;
    INSERT INTO task_series (width, start, created, completed, failed, cost_e4, exec_ms_sum,
                             exec_count)
    SELECT width, NEW.completed_at - ((NEW.completed_at % width) + width) % width,
           0, (NEW.status = 'completed'), (NEW.status = 'failed'), NEW.cost_e4,
           CASE WHEN NEW.status = 'completed' AND NEW.started_at IS NOT NULL
                THEN NEW.completed_at - NEW.started_at ELSE 0 END,
           CASE WHEN NEW.status = 'completed' AND NEW.started_at IS NOT NULL THEN 1 ELSE 0 END
    FROM task_series_widths WHERE NEW.completed_at IS NOT NULL
    ON CONFLICT (width, start) DO UPDATE SET
        created = created + excluded.created, completed = completed + excluded.completed,
        failed = failed + excluded.failed, cost_e4 = cost_e4 + excluded.cost_e4,
        exec_ms_sum = exec_ms_sum + excluded.exec_ms_sum,
        exec_count = exec_count + excluded.exec_count;
END;

CREATE TRIGGER tasks_series_delete AFTER DELETE ON tasks
BEGIN
    INSERT INTO task_series (width, start, created, completed, failed, cost_e4, exec_ms_sum,
                             exec_count)
    SELECT width, OLD.created_at - ((OLD.created_at % width) + width) % width,
           -1, 0, 0, 0, 0, 0
    FROM task_series_widths WHERE true
    ON CONFLICT (width, start) DO UPDATE SET
        created = created + excluded.created, completed = completed + excluded.completed,
        failed = failed + excluded.failed, cost_e4 = cost_e4 + excluded.cost_e4,
        exec_ms_sum = exec_ms_sum + excluded.exec_ms_sum,
        exec_count = exec_count + excluded.exec_count;
    INSERT INTO task_series (width, start, created, completed, failed, cost_e4, exec_ms_sum,
                             exec_count)
    SELECT width, OLD.completed_at - ((OLD.completed_at % width) + width) % width,
           0, -(OLD.status = 'completed'), -(OLD.status = 'failed'), -OLD.cost_e4,
           -CASE WHEN OLD.status = 'completed' AND OLD.started_at IS NOT NULL
                THEN OLD.completed_at - OLD.started_at ELSE 0 END,
           -CASE WHEN OLD.status = 'completed' AND OLD.started_at IS NOT NULL THEN 1 ELSE 0 END
    FROM task_series_widths WHERE OLD.completed_at IS NOT NULL
    ON CONFLICT (width, start) DO UPDATE SET
        created = created + excluded.created, completed = completed + excluded.completed,
        failed = failed + excluded.failed, cost_e4 = cost_e4 + excluded.cost_e4,
        exec_ms_sum = exec_ms_sum + excluded.exec_ms_sum,
        exec_count = exec_count + excluded.exec_count;
END;

CREATE TRIGGER tasks_series_update
AFTER UPDATE OF created_at, status, cost_e4, started_at, completed_at ON tasks
WHEN OLD.created_at IS NOT NEW.created_at OR OLD.status IS NOT NEW.status
     OR OLD.cost_e4 IS NOT NEW.cost_e4 OR OLD.started_at IS NOT NEW.started_at
     OR OLD.completed_at IS NOT NEW.completed_at
BEGIN
    INSERT INTO task_series (width, start, created, completed, failed, cost_e4, exec_ms_sum,
                             exec_count)
    SELECT width, OLD.created_at - ((OLD.created_at % width) + width) % width,
           -1, 0, 0, 0, 0, 0
    FROM task_series_widths WHERE true
    ON CONFLICT (width, start) DO UPDATE SET
        created = created + excluded.created, completed = completed + excluded.completed,
        failed = failed + excluded.failed, cost_e4 = cost_e4 + excluded.cost_e4,
        exec_ms_sum = exec_ms_sum + excluded.exec_ms_sum,
        exec_count = exec_count + excluded.exec_count;
    INSERT INTO task_series (width, start, created, completed, failed, cost_e4, exec_ms_sum,
                             exec_count)
    SELECT width, OLD.completed_at - ((OLD.completed_at % width) + width) % width,
           0, -(OLD.status = 'completed'), -(OLD.status = 'failed'), -OLD.cost_e4,
           -CASE WHEN OLD.status = 'completed' AND OLD.started_at IS NOT NULL
                THEN OLD.completed_at - OLD.started_at ELSE 0 END,
           -CASE WHEN OLD.status = 'completed' AND OLD.started_at IS NOT NULL THEN 1 ELSE 0 END
    FROM task_series_widths WHERE OLD.completed_at IS NOT NULL
    ON CONFLICT (width, start) DO UPDATE SET
        created = created + excluded.created, completed = completed + excluded.completed,
        failed = failed + excluded.failed, cost_e4 = cost_e4 + excluded.cost_e4,
        exec_ms_sum = exec_ms_sum + excluded.exec_ms_sum,
        exec_count = exec_count + excluded.exec_count;
    INSERT INTO task_series (width, start, created, completed, failed, cost_e4, exec_ms_sum,
                             exec_count)
    SELECT width, NEW.created_at - ((NEW.created_at % width) + width) % width,
           1, 0, 0, 0, 0, 0
    FROM task_series_widths WHERE true
    ON CONFLICT (width, start) DO UPDATE SET
        created = created + excluded.created, completed = completed + excluded.completed,
        failed = failed + excluded.failed, cost_e4 = cost_e4 + excluded.cost_e4,
        exec_ms_sum = exec_ms_sum + excluded.exec_ms_sum,
        exec_count = exec_count + excluded.exec_count;
    INSERT INTO task_series (width, start, created, completed, failed, cost_e4, exec_ms_sum,
                             exec_count)
    SELECT width, NEW.completed_at - ((NEW.completed_at % width) + width) % width,
           0, (NEW.status = 'completed'), (NEW.status = 'failed'), NEW.cost_e4,
           CASE WHEN NEW.status = 'completed' AND NEW.started_at IS NOT NULL
                THEN NEW.completed_at - NEW.started_at ELSE 0 END,
           CASE WHEN NEW.status = 'completed' AND NEW.started_at IS NOT NULL THEN 1 ELSE 0 END
    FROM task_series_widths WHERE NEW.completed_at IS NOT NULL
    ON CONFLICT (width, start) DO UPDATE SET
        created = created + excluded.created, completed = completed + excluded.completed,
        failed = failed + excluded.failed, cost_e4 = cost_e4 + excluded.cost_e4,
        exec_ms_sum = exec_ms_sum + excluded.exec_ms_sum,
        exec_count = exec_count + excluded.exec_count;
END;

-- The buckets of the tasks already stored.
INSERT INTO task_series (width, start, created, completed, failed, cost_e4, exec_ms_sum, exec_count)
SELECT w.width, r.at - ((r.at % w.width) + w.width) % w.width, sum(r.created), sum(r.completed),
       sum(r.failed), sum(r.cost), sum(r.exec_ms), sum(r.exec_n)
FROM (SELECT created_at AS at, 1 AS created, 0 AS completed, 0 AS failed, 0 AS cost,
             0 AS exec_ms, 0 AS exec_n
      FROM tasks
      UNION ALL
      SELECT completed_at, 0, status = 'completed', status = 'failed', cost_e4,
             CASE WHEN status = 'completed' AND started_at IS NOT NULL
                  THEN completed_at - started_at ELSE 0 END,
             CASE WHEN status = 'completed' AND started_at IS NOT NULL THEN 1 ELSE 0 END
      FROM tasks WHERE completed_at IS NOT NULL) AS r
CROSS JOIN task_series_widths AS w
GROUP BY 1, 2;
