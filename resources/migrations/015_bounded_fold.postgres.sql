-- 015 bounded folds of the statistics deltas (PostgreSQL).
--
-- task_stats_compact() (001, 013) folds every row of task_stats_delta and task_series_delta in
-- one statement. After `--import` of 1,000,000 tasks that is 0.4M + 3.3M rows: 11 s, more than
-- the pool's statement timeout (5 s), so every later call was cancelled and the backlog stayed
-- (each bulk retry chunk then waited 5 s for its cancelled fold: 213 s for 8,187 tasks).
-- task_stats_compact(max_rows) folds at most max_rows rows of each delta table per call (any
-- rows: readers sum task_stats and its deltas, so any subset folded keeps every total exact),
-- under the same advisory lock; it returns the rows folded (both tables), 0 when there was
-- nothing to fold or another session holds the lock. The application calls it with a bound
-- (TaskRepository::compactStats) and repeats it after imports until nothing is left.
-- The unbounded task_stats_compact() stays for manual use, now as task_stats_compact(NULL)
-- (LIMIT NULL is no limit), so the fold is written once.
CREATE FUNCTION task_stats_compact(max_rows bigint) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    v_moved bigint := 0;
    v_series bigint := 0;
BEGIN
    IF NOT pg_try_advisory_xact_lock(7305808134911042923) THEN
        RETURN 0;
    END IF;
    WITH moved AS (DELETE FROM task_stats_delta
                   WHERE ctid = ANY (ARRAY(SELECT ctid FROM task_stats_delta LIMIT max_rows))
                   RETURNING *),
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
    WITH moved AS (DELETE FROM task_series_delta
                   WHERE ctid = ANY (ARRAY(SELECT ctid FROM task_series_delta LIMIT max_rows))
                   RETURNING *),
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

CREATE OR REPLACE FUNCTION task_stats_compact() RETURNS bigint LANGUAGE sql AS $$
    SELECT task_stats_compact(CAST(NULL AS bigint))
$$;

-- Fold what an earlier import left (migrations run without the statement timeout).
SELECT task_stats_compact();
