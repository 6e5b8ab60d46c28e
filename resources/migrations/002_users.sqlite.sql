-- Users, the token signing secret and refresh tokens (docs/API.md "Authentication and roles").
-- Timestamps are milliseconds since the Unix epoch (UTC).
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    email TEXT,
    role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    password_changed_at INTEGER NOT NULL
);

-- Server-side settings such as the JWT signing secret ('jwt_secret', base64).
CREATE TABLE app_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Refresh tokens are stored only as the hex SHA-256 of the token. A login starts a chain;
-- each refresh revokes the presented token and adds its successor to the same chain.
CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    chain_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
);
CREATE INDEX refresh_tokens_chain_idx ON refresh_tokens (chain_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);
