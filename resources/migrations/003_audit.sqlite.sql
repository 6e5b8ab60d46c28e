-- The audit trail (docs/API.md GET /api/audit): one row per committed mutation of a task or a
-- user, written in the mutation's own transaction. `at` is epoch milliseconds (UTC); the JSON
-- columns hold the whole object as the API shows it (compact JSON text), NULL on the side that
-- does not exist. Newest first = ORDER BY at DESC, id DESC.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    username TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('task.create', 'task.update', 'task.delete',
                                           'user.create', 'user.update', 'user.delete')),
    target TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_username_idx ON audit_log (username, at, id);
CREATE INDEX audit_log_action_idx ON audit_log (action, at, id);
CREATE INDEX audit_log_target_idx ON audit_log (target, at, id);
