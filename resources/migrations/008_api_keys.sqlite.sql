-- 008 API keys for scripts: see 008_api_keys.postgres.sql.
CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
    read_only INTEGER NOT NULL DEFAULT 0 CHECK (read_only IN (0, 1)),
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    expires_at INTEGER
);
CREATE INDEX api_keys_user_idx ON api_keys (user_id, created_at);

-- The audit trail records key creation and revocation too. SQLite cannot change a CHECK
-- constraint: the table is rebuilt with the same rows and ids (nothing references it).
CREATE TABLE audit_log_008 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    username TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('task.create', 'task.update', 'task.delete',
                                           'user.create', 'user.update', 'user.delete',
                                           'api_key.create', 'api_key.revoke')),
    target TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT
);
INSERT INTO audit_log_008 (id, at, username, action, target, before_json, after_json)
    SELECT id, at, username, action, target, before_json, after_json FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_008 RENAME TO audit_log;
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_username_idx ON audit_log (username, at, id);
CREATE INDEX audit_log_action_idx ON audit_log (action, at, id);
CREATE INDEX audit_log_target_idx ON audit_log (target, at, id);
