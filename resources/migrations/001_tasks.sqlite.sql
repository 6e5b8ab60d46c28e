-- 001 tasks (SQLite 3.40). Keep in step with 001_tasks.postgres.sql.
-- Timestamps: epoch milliseconds UTC (INTEGER). Money: cost_e4 = USD x 10,000 (exact).
-- search_text is maintained by the application: case-folded (Unicode) title + LF + description,
-- because SQLite's lower() folds ASCII only; q= searches it with LIKE on both databases.

CREATE TABLE tasks (
    id            TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description   TEXT CHECK (description IS NULL OR length(description) <= 10000),
    category      TEXT CHECK (category IS NULL OR length(category) BETWEEN 1 AND 64),
    status        TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'in_progress', 'completed', 'failed', 'cancelled')),
    priority      INTEGER NOT NULL DEFAULT 1 CHECK (priority BETWEEN 0 AND 3),
    cost_e4       INTEGER NOT NULL DEFAULT 0 CHECK (cost_e4 BETWEEN 0 AND 10000000000),
    result        TEXT,
    error_message TEXT,
    created_by    TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    started_at    INTEGER,
    completed_at  INTEGER,
    version       INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    search_text   TEXT NOT NULL DEFAULT '',
    -- sort helpers
    status_rank   INTEGER GENERATED ALWAYS AS (
                      CASE status WHEN 'pending' THEN 0 WHEN 'in_progress' THEN 1
                                  WHEN 'completed' THEN 2 WHEN 'failed' THEN 3 ELSE 4 END) STORED,
    title_key     TEXT GENERATED ALWAYS AS (lower(title)) STORED,
    category_key  TEXT GENERATED ALWAYS AS (lower(category)) STORED,
    category_null INTEGER GENERATED ALWAYS AS (CASE WHEN category IS NULL THEN 1 ELSE 0 END) STORED
);

-- List orders: sort column then id, scanned forwards (asc) or backwards (desc).
CREATE INDEX tasks_created_idx ON tasks (created_at, id);
CREATE INDEX tasks_updated_idx ON tasks (updated_at, id);
CREATE INDEX tasks_status_rank_idx ON tasks (status_rank, id);
CREATE INDEX tasks_priority_idx ON tasks (priority, id);
CREATE INDEX tasks_cost_idx ON tasks (cost_e4, id);
CREATE INDEX tasks_title_idx ON tasks (title_key, id);
-- Category sorts nulls last in both directions: (category_null, category_key, id) ascending and
-- (category_null, category_key DESC, id DESC) for descending, each a plain forward scan.
CREATE INDEX tasks_category_asc_idx ON tasks (category_null, category_key, id);
CREATE INDEX tasks_category_desc_idx ON tasks (category_null, category_key DESC, id DESC);
-- Filters combined with the default order.
CREATE INDEX tasks_status_created_idx ON tasks (status, created_at, id);
CREATE INDEX tasks_category_created_idx ON tasks (category, created_at, id);
-- Time series by completion time.
CREATE INDEX tasks_completed_idx ON tasks (completed_at);

-- Maintained statistics: one row per (status, category); category '' stands for "none" so the
-- primary key works. Kept right by the triggers below in the same transaction as the change,
-- whoever changes tasks (the application or plain SQL). SQLite has a single writer, so the
-- triggers update the rows in place (PostgreSQL uses a delta log instead, see its file). Readers
-- use the view task_stats_current, as on PostgreSQL. Rows are never deleted; readers skip
-- task_count = 0.
CREATE TABLE task_stats (
    status                TEXT NOT NULL,
    category              TEXT NOT NULL,
    task_count            INTEGER NOT NULL DEFAULT 0,
    cost_e4_sum           INTEGER NOT NULL DEFAULT 0,
    completed_exec_ms_sum INTEGER NOT NULL DEFAULT 0,
    completed_exec_count  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (status, category)
) WITHOUT ROWID;

CREATE VIEW task_stats_current AS
SELECT status, category, task_count, cost_e4_sum, completed_exec_ms_sum, completed_exec_count
FROM task_stats;

CREATE TRIGGER tasks_stats_insert AFTER INSERT ON tasks
BEGIN
    INSERT INTO task_stats (status, category, task_count, cost_e4_sum, completed_exec_ms_sum,
                            completed_exec_count)
    VALUES (NEW.status, COALESCE(NEW.category, ''), 1, NEW.cost_e4,
            CASE WHEN NEW.status = 'completed' AND NEW.started_at IS NOT NULL
                      AND NEW.completed_at IS NOT NULL
                 THEN NEW.completed_at - NEW.started_at ELSE 0 END,
            CASE WHEN NEW.status = 'completed' AND NEW.started_at IS NOT NULL
                      AND NEW.completed_at IS NOT NULL
                 THEN 1 ELSE 0 END)
    ON CONFLICT (status, category) DO UPDATE SET
        task_count = task_count + excluded.task_count,
        cost_e4_sum = cost_e4_sum + excluded.cost_e4_sum,
        completed_exec_ms_sum = completed_exec_ms_sum + excluded.completed_exec_ms_sum,
        completed_exec_count = completed_exec_count + excluded.completed_exec_count;
END;

CREATE TRIGGER tasks_stats_delete AFTER DELETE ON tasks
BEGIN
    UPDATE task_stats SET
        task_count = task_count - 1,
        cost_e4_sum = cost_e4_sum - OLD.cost_e4,
        completed_exec_ms_sum = completed_exec_ms_sum
            - CASE WHEN OLD.status = 'completed' AND OLD.started_at IS NOT NULL
                        AND OLD.completed_at IS NOT NULL
                   THEN OLD.completed_at - OLD.started_at ELSE 0 END,
        completed_exec_count = completed_exec_count
            - CASE WHEN OLD.status = 'completed' AND OLD.started_at IS NOT NULL
                        AND OLD.completed_at IS NOT NULL
                   THEN 1 ELSE 0 END
    WHERE status = OLD.status AND category = COALESCE(OLD.category, '');
END;

CREATE TRIGGER tasks_stats_update
AFTER UPDATE OF status, category, cost_e4, started_at, completed_at ON tasks
BEGIN
    UPDATE task_stats SET
        task_count = task_count - 1,
        cost_e4_sum = cost_e4_sum - OLD.cost_e4,
        completed_exec_ms_sum = completed_exec_ms_sum
            - CASE WHEN OLD.status = 'completed' AND OLD.started_at IS NOT NULL
                        AND OLD.completed_at IS NOT NULL
                   THEN OLD.completed_at - OLD.started_at ELSE 0 END,
        completed_exec_count = completed_exec_count
            - CASE WHEN OLD.status = 'completed' AND OLD.started_at IS NOT NULL
                        AND OLD.completed_at IS NOT NULL
                   THEN 1 ELSE 0 END
    WHERE status = OLD.status AND category = COALESCE(OLD.category, '');
    INSERT INTO task_stats (status, category, task_count, cost_e4_sum, completed_exec_ms_sum,
                            completed_exec_count)
    VALUES (NEW.status, COALESCE(NEW.category, ''), 1, NEW.cost_e4,
            CASE WHEN NEW.status = 'completed' AND NEW.started_at IS NOT NULL
                      AND NEW.completed_at IS NOT NULL
                 THEN NEW.completed_at - NEW.started_at ELSE 0 END,
            CASE WHEN NEW.status = 'completed' AND NEW.started_at IS NOT NULL
                      AND NEW.completed_at IS NOT NULL
                 THEN 1 ELSE 0 END)
    ON CONFLICT (status, category) DO UPDATE SET
        task_count = task_count + excluded.task_count,
        cost_e4_sum = cost_e4_sum + excluded.cost_e4_sum,
        completed_exec_ms_sum = completed_exec_ms_sum + excluded.completed_exec_ms_sum,
        completed_exec_count = completed_exec_count + excluded.completed_exec_count;
END;
