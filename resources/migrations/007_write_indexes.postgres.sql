-- 007 fewer index entries per write (issue 8, write path). Every POST and PATCH inserts index
-- entries for each index below; none of these entries was ever read:
-- - task_changes.seq: the UNIQUE constraint indexed the NULL of every new row (positions are
--   given later by the sequencer); a partial unique index over positioned rows serves every
--   reader (seq > N, ORDER BY seq) and takes no entry at insert.
-- - task_changes_at_idx: pruning by age walks the log in seq order (ChangeLog::prune) and never
--   used it; the sequencer's update no longer maintains it.
-- - tasks_completed_idx: the time series reads completed_at ranges, which imply NOT NULL, so a
--   partial index serves them; tasks that are not completed (every create, every start) take no
--   entry.
ALTER TABLE task_changes DROP CONSTRAINT task_changes_seq_key;
CREATE UNIQUE INDEX task_changes_seq_idx ON task_changes (seq) WHERE seq IS NOT NULL;
DROP INDEX task_changes_at_idx;
DROP INDEX tasks_completed_idx;
CREATE INDEX tasks_completed_idx ON tasks (completed_at) WHERE completed_at IS NOT NULL;
