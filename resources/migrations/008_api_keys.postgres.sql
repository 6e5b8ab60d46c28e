-- 008 API keys for scripts (docs/HTTP-SERVER.md "API keys"). Only the lower-case hex SHA-256 of
-- a key is stored (key_hash; looked up by it on every use), with its first 12 characters
-- (prefix) for recognition. Revoking deletes the row; deleting a user deletes its keys.
-- Timestamps are milliseconds since the Unix epoch (UTC); last_used_at is written at most once
-- a minute per key and instance.
CREATE TABLE api_keys (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
    read_only BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    expires_at BIGINT
);
CREATE INDEX api_keys_user_idx ON api_keys (user_id, created_at);

-- The audit trail records key creation and revocation too.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check
    CHECK (action IN ('task.create', 'task.update', 'task.delete', 'user.create', 'user.update',
                      'user.delete', 'api_key.create', 'api_key.revoke'));
