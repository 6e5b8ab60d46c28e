-- 001 tasks (PostgreSQL 15). Keep in step with 001_tasks.sqlite.sql.
-- Timestamps: epoch milliseconds UTC (bigint). Money: cost_e4 = USD x 10,000 (exact).
-- search_text is maintained by the application: case-folded (Unicode) title + LF + description,
-- searched with LIKE on both databases so both behave the same.

CREATE TABLE tasks (
    id            uuid PRIMARY KEY,
    title         text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    description   text CHECK (description IS NULL OR char_length(description) <= 10000),
    category      text CHECK (category IS NULL OR char_length(category) BETWEEN 1 AND 64),
    status        text NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'in_progress', 'completed', 'failed', 'cancelled')),
    priority      smallint NOT NULL DEFAULT 1 CHECK (priority BETWEEN 0 AND 3),
    cost_e4       bigint NOT NULL DEFAULT 0 CHECK (cost_e4 BETWEEN 0 AND 10000000000),
    result        jsonb,
    error_message text,
    created_by    text,
    created_at    bigint NOT NULL,
    updated_at    bigint NOT NULL,
    started_at    bigint,
    completed_at  bigint,
    version       integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    search_text   text NOT NULL DEFAULT '',
    -- sort helpers; the keys compare by code point (COLLATE "C") as SQLite does
    status_rank   smallint GENERATED ALWAYS AS (
                      CASE status WHEN 'pending' THEN 0 WHEN 'in_progress' THEN 1
                                  WHEN 'completed' THEN 2 WHEN 'failed' THEN 3 ELSE 4 END) STORED,
    title_key     text COLLATE "C" GENERATED ALWAYS AS (lower(title)) STORED,
    category_key  text COLLATE "C" GENERATED ALWAYS AS (lower(category)) STORED,
    category_null smallint GENERATED ALWAYS AS (CASE WHEN category IS NULL THEN 1 ELSE 0 END) STORED
);

-- List orders: sort column then id, scanned forwards (asc) or backwards (desc).
CREATE INDEX tasks_created_idx ON tasks (created_at, id);
CREATE INDEX tasks_updated_idx ON tasks (updated_at, id);
CREATE INDEX tasks_status_rank_idx ON tasks (status_rank, id);
CREATE INDEX tasks_priority_idx ON tasks (priority, id);
CREATE INDEX tasks_cost_idx ON tasks (cost_e4, id);
CREATE INDEX tasks_title_idx ON tasks (title_key, id);
-- Category sorts nulls last in both directions (see the SQLite file).
CREATE INDEX tasks_category_asc_idx ON tasks (category_null, category_key, id);
CREATE INDEX tasks_category_desc_idx ON tasks (category_null, category_key DESC, id DESC);
-- Filters combined with the default order.
CREATE INDEX tasks_status_created_idx ON tasks (status, created_at, id);
CREATE INDEX tasks_category_created_idx ON tasks (category, created_at, id);
-- Time series by completion time.
CREATE INDEX tasks_completed_idx ON tasks (completed_at);

-- Maintained statistics, per (status, category); category '' stands for "none".
-- PostgreSQL keeps them as base rows (task_stats) plus an append-only delta log
-- (task_stats_delta) written by statement-level triggers from the transition tables, in the same
-- transaction as the change. Writers never update a shared row, so concurrent inserts do not queue
-- on a hot statistics row and a bulk import in one transaction does not build long MVCC version
-- chains on it. task_stats_compact() (called by the application now and then, and after imports)
-- folds the deltas into the base rows. Readers use the view task_stats_current (base + deltas),
-- which is a handful of rows either way. Rows are never deleted at zero; readers skip
-- task_count = 0.
CREATE TABLE task_stats (
    status                text NOT NULL,
    category              text NOT NULL,
    task_count            bigint NOT NULL DEFAULT 0,
    cost_e4_sum           bigint NOT NULL DEFAULT 0,
    completed_exec_ms_sum bigint NOT NULL DEFAULT 0,
    completed_exec_count  bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (status, category)
);

CREATE TABLE task_stats_delta (
    status                text NOT NULL,
    category              text NOT NULL,
    task_count            bigint NOT NULL,
    cost_e4_sum           bigint NOT NULL,
    completed_exec_ms_sum bigint NOT NULL,
    completed_exec_count  bigint NOT NULL
);

CREATE VIEW task_stats_current AS
SELECT status, category,
       CAST(SUM(task_count) AS bigint) AS task_count,
       CAST(SUM(cost_e4_sum) AS bigint) AS cost_e4_sum,
       CAST(SUM(completed_exec_ms_sum) AS bigint) AS completed_exec_ms_sum,
       CAST(SUM(completed_exec_count) AS bigint) AS completed_exec_count
FROM (SELECT status, category, task_count, cost_e4_sum, completed_exec_ms_sum,
             completed_exec_count FROM task_stats
      UNION ALL
      SELECT status, category, task_count, cost_e4_sum, completed_exec_ms_sum,
             completed_exec_count FROM task_stats_delta) AS s
GROUP BY status, category;

-- Execution time counts for completed tasks with both timestamps.
CREATE FUNCTION tasks_stats_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO task_stats_delta
    SELECT status, COALESCE(category, ''), count(*), sum(cost_e4),
           COALESCE(sum(completed_at - started_at)
                    FILTER (WHERE status = 'completed' AND started_at IS NOT NULL
                                  AND completed_at IS NOT NULL), 0),
           count(*) FILTER (WHERE status = 'completed' AND started_at IS NOT NULL
                                  AND completed_at IS NOT NULL)
    FROM new_rows GROUP BY 1, 2;
    RETURN NULL;
END
$$;

CREATE FUNCTION tasks_stats_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO task_stats_delta
    SELECT status, COALESCE(category, ''), -count(*), -sum(cost_e4),
           -COALESCE(sum(completed_at - started_at)
                     FILTER (WHERE status = 'completed' AND started_at IS NOT NULL
                                   AND completed_at IS NOT NULL), 0),
           -count(*) FILTER (WHERE status = 'completed' AND started_at IS NOT NULL
                                   AND completed_at IS NOT NULL)
    FROM old_rows GROUP BY 1, 2;
    RETURN NULL;
END
$$;

CREATE FUNCTION tasks_stats_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO task_stats_delta
    SELECT status, category, sum(n), sum(cost), sum(exec_ms), sum(exec_n)
    FROM (SELECT status, COALESCE(category, '') AS category, -1 AS n, -cost_e4 AS cost,
                 CASE WHEN status = 'completed' AND started_at IS NOT NULL
                           AND completed_at IS NOT NULL
                      THEN started_at - completed_at ELSE 0 END AS exec_ms,
                 CASE WHEN status = 'completed' AND started_at IS NOT NULL
                           AND completed_at IS NOT NULL
                      THEN -1 ELSE 0 END AS exec_n
          FROM old_rows
          UNION ALL
          SELECT status, COALESCE(category, ''), 1, cost_e4,
                 CASE WHEN status = 'completed' AND started_at IS NOT NULL
                           AND completed_at IS NOT NULL
                      THEN completed_at - started_at ELSE 0 END,
                 CASE WHEN status = 'completed' AND started_at IS NOT NULL
                           AND completed_at IS NOT NULL
                      THEN 1 ELSE 0 END
          FROM new_rows) AS d
    GROUP BY 1, 2
    HAVING sum(n) <> 0 OR sum(cost) <> 0 OR sum(exec_ms) <> 0 OR sum(exec_n) <> 0;
    RETURN NULL;
END
$$;

CREATE TRIGGER tasks_stats_insert AFTER INSERT ON tasks
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION tasks_stats_insert();

CREATE TRIGGER tasks_stats_delete AFTER DELETE ON tasks
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION tasks_stats_delete();

CREATE TRIGGER tasks_stats_update AFTER UPDATE ON tasks
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION tasks_stats_update();

CREATE FUNCTION tasks_stats_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM task_stats;
    DELETE FROM task_stats_delta;
    RETURN NULL;
END
$$;

CREATE TRIGGER tasks_stats_truncate AFTER TRUNCATE ON tasks
FOR EACH STATEMENT EXECUTE FUNCTION tasks_stats_truncate();

-- Folds the delta log into task_stats; one compactor at a time (others return at once).
-- Readers of task_stats_current see the same totals before and after.
CREATE FUNCTION task_stats_compact() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    v_moved bigint := 0;
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
    RETURN v_moved;
END
$$;
