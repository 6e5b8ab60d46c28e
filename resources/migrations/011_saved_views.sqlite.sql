-- 011 saved views of the task list: see 011_saved_views.postgres.sql.
CREATE TABLE saved_views (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    columns_json TEXT NOT NULL DEFAULT '[]',
    shared INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1)),
    is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (user_id, name)
);
CREATE UNIQUE INDEX saved_views_default_idx ON saved_views (user_id) WHERE is_default = 1;
CREATE INDEX saved_views_shared_idx ON saved_views (shared) WHERE shared = 1;

-- The audit trail records view changes too. SQLite cannot change a CHECK constraint: the table
-- is rebuilt with the same rows, ids and public ids (nothing references it), as in 008.
CREATE TABLE audit_log_011 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    username TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('task.create', 'task.update', 'task.delete',
                                           'user.create', 'user.update', 'user.delete',
                                           'api_key.create', 'api_key.revoke', 'view.create',
                                           'view.update', 'view.delete')),
    target TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    public_id TEXT NOT NULL DEFAULT ''
);
INSERT INTO audit_log_011 (id, at, username, action, target, before_json, after_json, public_id)
    SELECT id, at, username, action, target, before_json, after_json, public_id FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_011 RENAME TO audit_log;
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_username_idx ON audit_log (username, at, id);
CREATE INDEX audit_log_action_idx ON audit_log (action, at, id);
CREATE INDEX audit_log_target_idx ON audit_log (target, at, id);
