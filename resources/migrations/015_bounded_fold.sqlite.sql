-- 015 bounded folds: see 015_bounded_fold.postgres.sql. SQLite keeps task_stats up to date in
-- place (no delta tables), so there is nothing to fold. This version exists so that both
-- databases have the same migration numbers.
SELECT 1;
