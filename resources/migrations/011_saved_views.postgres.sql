-- 011 saved views of the task list (issue 11 item 4; docs/API.md "Saved views"): per owner, a
-- name unique per owner, the list's query string, the visible columns (a JSON array of task field
-- names), shared with everyone or not, and at most one default per owner (partial unique index).
-- Deleting a user deletes their views. Timestamps are milliseconds since the Unix epoch (UTC).
CREATE TABLE saved_views (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    columns_json TEXT NOT NULL DEFAULT '[]',
    shared BOOLEAN NOT NULL DEFAULT FALSE,
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (user_id, name)
);
CREATE UNIQUE INDEX saved_views_default_idx ON saved_views (user_id) WHERE is_default;
CREATE INDEX saved_views_shared_idx ON saved_views (shared) WHERE shared;

-- The audit trail records view changes too.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check
    CHECK (action IN ('task.create', 'task.update', 'task.delete', 'user.create', 'user.update',
                      'user.delete', 'api_key.create', 'api_key.revoke', 'view.create',
                      'view.update', 'view.delete'));
