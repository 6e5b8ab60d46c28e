-- 013 time series without a scan (issue 9 item 3). Keep in step with 013_time_buckets.sqlite.sql.
--
-- GET /api/metrics/timeseries and the dashboard's chart used to group tasks by created_at and by
-- completed_at on every request (1.16 s for 90 days by day at 1M tasks). Now per-bucket counts and
-- sums are kept for three widths (minute, hour, day: 60,000, 3,600,000 and 86,400,000 ms, buckets
-- aligned to the epoch, UTC) in the same transaction as every change of tasks, by triggers, so
-- plain-SQL inserts, updates (a moved timestamp, status or cost) and deletes keep them right too.
-- Per bucket, as TaskRepository::timeseriesScan() (the reference) counts them:
--   created      tasks whose created_at falls in the bucket
--   completed    tasks whose completed_at falls in it, status 'completed'
--   failed       tasks whose completed_at falls in it, status 'failed'
--   cost_e4      cost of every task whose completed_at falls in it (any status)
--   exec_ms_sum, exec_count  completed_at - started_at over status 'completed' with started_at
-- As task_stats (001): statement-level triggers append signed deltas to task_series_delta (writers
-- never update a shared row), task_stats_compact() now folds those too, and readers read the view
-- task_series_current (base + deltas). Rows are never deleted at zero.

CREATE TABLE task_series (
    width       bigint NOT NULL,
    start       bigint NOT NULL,
    created     bigint NOT NULL DEFAULT 0,
    completed   bigint NOT NULL DEFAULT 0,
    failed      bigint NOT NULL DEFAULT 0,
    cost_e4     bigint NOT NULL DEFAULT 0,
    exec_ms_sum bigint NOT NULL DEFAULT 0,
    exec_count  bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (width, start)
);

CREATE TABLE task_series_delta (
    width       bigint NOT NULL,
    start       bigint NOT NULL,
    created     bigint NOT NULL,
    completed   bigint NOT NULL,
    failed      bigint NOT NULL,
    cost_e4     bigint NOT NULL,
    exec_ms_sum bigint NOT NULL,
    exec_count  bigint NOT NULL
);
CREATE INDEX task_series_delta_idx ON task_series_delta (width, start);

CREATE VIEW task_series_current AS
SELECT width, start, created, completed, failed, cost_e4, exec_ms_sum, exec_count FROM task_series
UNION ALL
SELECT width, start, created, completed, failed, cost_e4, exec_ms_sum, exec_count
FROM task_series_delta;

CREATE FUNCTION tasks_series_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO task_series_delta
    SELECT w.width, r.at - ((r.at % w.width) + w.width) % w.width, sum(r.created), sum(r.completed),
           sum(r.failed), sum(r.cost), sum(r.exec_ms), sum(r.exec_n)
    FROM (SELECT created_at AS at, 1 AS created, 0 AS completed, 0 AS failed, 0::bigint AS cost,
                 0::bigint AS exec_ms, 0 AS exec_n
          FROM new_rows
          UNION ALL
          SELECT completed_at, 0, (status = 'completed')::int, (status = 'failed')::int, cost_e4,
                 CASE WHEN status = 'completed' AND started_at IS NOT NULL
                      THEN completed_at - started_at ELSE 0 END,
                 CASE WHEN status = 'completed' AND started_at IS NOT NULL THEN 1 ELSE 0 END
          FROM new_rows WHERE completed_at IS NOT NULL) AS r
    CROSS JOIN (VALUES (60000::bigint), (3600000::bigint), (86400000::bigint)) AS w (width)
    GROUP BY 1, 2;
    RETURN NULL;
END
$$;

CREATE FUNCTION tasks_series_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO task_series_delta
    SELECT w.width, r.at - ((r.at % w.width) + w.width) % w.width, sum(r.created), sum(r.completed),
           sum(r.failed), sum(r.cost), sum(r.exec_ms), sum(r.exec_n)
    FROM (SELECT created_at AS at, -1 AS created, 0 AS completed, 0 AS failed, 0::bigint AS cost,
                 0::bigint AS exec_ms, 0 AS exec_n
          FROM old_rows
          UNION ALL
          SELECT completed_at, 0, -(status = 'completed')::int, -(status = 'failed')::int, -cost_e4,
                 -CASE WHEN status = 'completed' AND started_at IS NOT NULL
                      THEN completed_at - started_at ELSE 0 END,
                 -CASE WHEN status = 'completed' AND started_at IS NOT NULL THEN 1 ELSE 0 END
          FROM old_rows WHERE completed_at IS NOT NULL) AS r
    CROSS JOIN (VALUES (60000::bigint), (3600000::bigint), (86400000::bigint)) AS w (width)
    GROUP BY 1, 2;
    RETURN NULL;
END
$$;

-- Old rows subtracted, new rows added; buckets whose sums do not change get no row (an UPDATE that
-- moves no timestamp, status or cost appends nothing).
CREATE FUNCTION tasks_series_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO task_series_delta
    SELECT w.width, r.at - ((r.at % w.width) + w.width) % w.width, sum(r.created), sum(r.completed),
           sum(r.failed), sum(r.cost), sum(r.exec_ms), sum(r.exec_n)
    FROM (SELECT created_at AS at, -1 AS created, 0 AS completed, 0 AS failed, 0::bigint AS cost,
                 0::bigint AS exec_ms, 0 AS exec_n
          FROM old_rows
          UNION ALL
          SELECT completed_at, 0, -(status = 'completed')::int, -(status = 'failed')::int, -cost_e4,
                 -CASE WHEN status = 'completed' AND started_at IS NOT NULL
                      THEN completed_at - started_at ELSE 0 END,
                 -CASE WHEN status = 'completed' AND started_at IS NOT NULL THEN 1 ELSE 0 END
          FROM old_rows WHERE completed_at IS NOT NULL
          UNION ALL
          SELECT created_at AS at, 1 AS created, 0 AS completed, 0 AS failed, 0::bigint AS cost,
                 0::bigint AS exec_ms, 0 AS exec_n
          FROM new_rows
          UNION ALL
          SELECT completed_at, 0, (status = 'completed')::int, (status = 'failed')::int, cost_e4,
                 CASE WHEN status = 'completed' AND started_at IS NOT NULL
                      THEN completed_at - started_at ELSE 0 END,
                 CASE WHEN status = 'completed' AND started_at IS NOT NULL THEN 1 ELSE 0 END
          FROM new_rows WHERE completed_at IS NOT NULL) AS r
    CROSS JOIN (VALUES (60000::bigint), (3600000::bigint), (86400000::bigint)) AS w (width)
    GROUP BY 1, 2
    HAVING sum(r.created) <> 0 OR sum(r.completed) <> 0 OR sum(r.failed) <> 0 OR sum(r.cost) <> 0
        OR sum(r.exec_ms) <> 0 OR sum(r.exec_n) <> 0;
    RETURN NULL;
END
$$;

CREATE TRIGGER tasks_series_insert AFTER INSERT ON tasks
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION tasks_series_insert();

CREATE TRIGGER tasks_series_delete AFTER DELETE ON tasks
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION tasks_series_delete();

CREATE TRIGGER tasks_series_update AFTER UPDATE ON tasks
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION tasks_series_update();

CREATE FUNCTION tasks_series_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM task_series;
    DELETE FROM task_series_delta;
    RETURN NULL;
END
$$;

CREATE TRIGGER tasks_series_truncate AFTER TRUNCATE ON tasks
FOR EACH STATEMENT EXECUTE FUNCTION tasks_series_truncate();

-- The buckets of the tasks already stored.
INSERT INTO task_series
SELECT w.width, r.at - ((r.at % w.width) + w.width) % w.width, sum(r.created), sum(r.completed),
       sum(r.failed), sum(r.cost), sum(r.exec_ms), sum(r.exec_n)
FROM (SELECT created_at AS at, 1 AS created, 0 AS completed, 0 AS failed, 0::bigint AS cost,
                 0::bigint AS exec_ms, 0 AS exec_n
          FROM tasks
          UNION ALL
          SELECT completed_at, 0, (status = 'completed')::int, (status = 'failed')::int, cost_e4,
                 CASE WHEN status = 'completed' AND started_at IS NOT NULL
                      THEN completed_at - started_at ELSE 0 END,
                 CASE WHEN status = 'completed' AND started_at IS NOT NULL THEN 1 ELSE 0 END
          FROM tasks WHERE completed_at IS NOT NULL) AS r
CROSS JOIN (VALUES (60000::bigint), (3600000::bigint), (86400000::bigint)) AS w (width)
GROUP BY 1, 2;

-- task_stats_compact() (001) also folds the series deltas, under the same advisory lock; it
-- returns the number of delta rows folded (statistics and series).
CREATE OR REPLACE FUNCTION task_stats_compact() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    v_moved bigint := 0;
    v_series bigint := 0;
BEGIN
    IF NOT pg_try_advisory_xact_lock(7305808134911042923) THEN
        RETURN 0;
    END IF;
    WITH moved AS (DELETE FROM task_stats_delta RETURNING *),
         folded AS (
             INSERT INTO task_stats AS s (status, category, task_count, cost_e4_sum,
                                          completed_exec_ms_sum, completed_exec_count)
             SELECT status, category, sum(task_count), sum(cost_e4_sum),
                    sum(completed_exec_ms_sum), sum(completed_exec_count)
             FROM moved GROUP BY 1, 2 ORDER BY 1, 2
             ON CONFLICT (status, category) DO UPDATE SET
                 task_count = s.task_count + EXCLUDED.task_count,
                 cost_e4_sum = s.cost_e4_sum + EXCLUDED.cost_e4_sum,
                 completed_exec_ms_sum = s.completed_exec_ms_sum + EXCLUDED.completed_exec_ms_sum,
                 completed_exec_count = s.completed_exec_count + EXCLUDED.completed_exec_count
             RETURNING 1)
    SELECT count(*) INTO v_moved FROM moved;
    WITH moved AS (DELETE FROM task_series_delta RETURNING *),
         folded AS (
             INSERT INTO task_series AS s (width, start, created, completed, failed, cost_e4,
                                           exec_ms_sum, exec_count)
             SELECT width, start, sum(created), sum(completed), sum(failed), sum(cost_e4),
                    sum(exec_ms_sum), sum(exec_count)
             FROM moved GROUP BY 1, 2 ORDER BY 1, 2
             ON CONFLICT (width, start) DO UPDATE SET
                 created = s.created + EXCLUDED.created,
                 completed = s.completed + EXCLUDED.completed,
                 failed = s.failed + EXCLUDED.failed,
                 cost_e4 = s.cost_e4 + EXCLUDED.cost_e4,
                 exec_ms_sum = s.exec_ms_sum + EXCLUDED.exec_ms_sum,
                 exec_count = s.exec_count + EXCLUDED.exec_count
             RETURNING 1)
    SELECT count(*) INTO v_series FROM moved;
    RETURN v_moved + v_series;
END
$$;
