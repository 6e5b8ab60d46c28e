-- 010 Idempotency-Key on POST (docs/API.md "Safe retries"): the first answer to a request made
-- with a key, per principal (user_id: the user or the API key's owner) and key, replayed when the
-- same request is retried. Written in the transaction of the write it answers, so a committed
-- write always has its key. fingerprint: hex SHA-256 of method, path and the canonical JSON body.
-- Rows older than 24 h are pruned (created_at: milliseconds since the Unix epoch, UTC).
-- No foreign key to users: the users' table may live in another database.
CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
