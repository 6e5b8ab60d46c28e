-- Login bans and revocation that holds on every instance sharing the database
-- (docs/API.md "Authentication and roles"). Timestamps are milliseconds since the Unix epoch.

-- A user's token epoch: bumped when the user is disabled or changes password. Access tokens carry
-- it (claim "tep"); a token with another epoch no longer authenticates.
ALTER TABLE users ADD COLUMN token_epoch INTEGER NOT NULL DEFAULT 0;

-- One row per login (refresh chain). Access tokens carry its id (claim "sid"); logout and
-- re-use of a rotated refresh token set revoked_at, which ends the chain's access tokens too.
CREATE TABLE auth_sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX auth_sessions_user_idx ON auth_sessions (user_id);

-- Failed logins per scope ('user': a user name as typed, 'addr': a client address), one row
-- each; rows older than the window are pruned. A ban replaces a scope's rows with a login_bans
-- row; login_bans rows also serve as the per-key lock that serialises concurrent failures.
CREATE TABLE login_failures (
    scope TEXT NOT NULL CHECK (scope IN ('user', 'addr')),
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_failures_key_idx ON login_failures (scope, key, at);

CREATE TABLE login_bans (
    scope TEXT NOT NULL CHECK (scope IN ('user', 'addr')),
    key TEXT NOT NULL,
    banned_until INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
);

-- Chains started before this migration keep working.
INSERT INTO auth_sessions (id, user_id, created_at)
SELECT chain_id, user_id, MIN(created_at) FROM refresh_tokens GROUP BY chain_id, user_id;
