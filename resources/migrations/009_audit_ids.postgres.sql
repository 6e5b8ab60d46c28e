-- 009 audit entry ids as UUIDs (issue 10: "audit entry ids are UUID strings like every other id in
-- the API"). `public_id` is the id the API shows; the BIGINT identity `id` stays the internal
-- order (newest first = ORDER BY at DESC, id DESC) and is never shown. Every writer (the grouped
-- INSERT ... SELECT statements of TaskRepository and audit::appendAudit) gets a random (version 4)
-- UUID from the default; existing rows get one each (a volatile default rewrites the table once).
-- No index: nothing looks an entry up by id, and an index would cost every write an entry.
ALTER TABLE audit_log ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
