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

-- Maintained statistics: one row per (status, category); category '' stands for "none".
-- Rows are never deleted; readers skip task_count = 0.
CREATE TABLE task_stats (
    status                text NOT NULL,
    category              text NOT NULL,
    task_count            bigint NOT NULL DEFAULT 0,
    cost_e4_sum           bigint NOT NULL DEFAULT 0,
    completed_exec_ms_sum bigint NOT NULL DEFAULT 0,
    completed_exec_count  bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (status, category)
);

CREATE FUNCTION task_stats_add(p_status text, p_category text, p_sign bigint, p_cost bigint,
                               p_started bigint, p_completed bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_exec   bigint := 0;
    v_exec_n bigint := 0;
BEGIN
    IF p_status = 'completed' AND p_started IS NOT NULL AND p_completed IS NOT NULL THEN
        v_exec := p_completed - p_started;
        v_exec_n := 1;
    END IF;
    INSERT INTO task_stats AS s (status, category, task_count, cost_e4_sum,
                                 completed_exec_ms_sum, completed_exec_count)
    VALUES (p_status, COALESCE(p_category, ''), p_sign, p_sign * p_cost, p_sign * v_exec,
            p_sign * v_exec_n)
    ON CONFLICT (status, category) DO UPDATE SET
        task_count = s.task_count + EXCLUDED.task_count,
        cost_e4_sum = s.cost_e4_sum + EXCLUDED.cost_e4_sum,
        completed_exec_ms_sum = s.completed_exec_ms_sum + EXCLUDED.completed_exec_ms_sum,
        completed_exec_count = s.completed_exec_count + EXCLUDED.completed_exec_count;
END
$$;

CREATE FUNCTION tasks_stats_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM task_stats_add(NEW.status, NEW.category, 1, NEW.cost_e4, NEW.started_at,
                               NEW.completed_at);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM task_stats_add(OLD.status, OLD.category, -1, OLD.cost_e4, OLD.started_at,
                               OLD.completed_at);
    ELSIF (OLD.status, COALESCE(OLD.category, '')) <= (NEW.status, COALESCE(NEW.category, ''))
    THEN
        -- Touch the two statistics rows in key order, so two transactions moving tasks in
        -- opposite directions cannot deadlock.
        PERFORM task_stats_add(OLD.status, OLD.category, -1, OLD.cost_e4, OLD.started_at,
                               OLD.completed_at);
        PERFORM task_stats_add(NEW.status, NEW.category, 1, NEW.cost_e4, NEW.started_at,
                               NEW.completed_at);
    ELSE
        PERFORM task_stats_add(NEW.status, NEW.category, 1, NEW.cost_e4, NEW.started_at,
                               NEW.completed_at);
        PERFORM task_stats_add(OLD.status, OLD.category, -1, OLD.cost_e4, OLD.started_at,
                               OLD.completed_at);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER tasks_stats
AFTER INSERT OR DELETE OR UPDATE OF status, category, cost_e4, started_at, completed_at ON tasks
FOR EACH ROW EXECUTE FUNCTION tasks_stats_trigger();

CREATE FUNCTION tasks_stats_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM task_stats;
    RETURN NULL;
END
$$;

CREATE TRIGGER tasks_stats_truncate AFTER TRUNCATE ON tasks
FOR EACH STATEMENT EXECUTE FUNCTION tasks_stats_truncate();
