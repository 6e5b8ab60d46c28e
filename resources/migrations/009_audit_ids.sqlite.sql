-- 009 audit entry ids as UUIDs: see 009_audit_ids.postgres.sql. SQLite cannot add a column with a
-- non-constant default, so audit::appendAudit (the only writer on SQLite) supplies a random
-- version 4 UUID (QUuid::createUuid) and existing rows get one built from randomblob() here, in
-- the canonical lowercase form of the other ids.
ALTER TABLE audit_log ADD COLUMN public_id TEXT NOT NULL DEFAULT '';
UPDATE audit_log SET public_id = lower(
    hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) ||
    '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' ||
    hex(randomblob(6)));
