-- Change feed (services/ChangeFeed.h): every committed change to tasks reaches every instance
-- that LISTENs on channel taskdeck_changes, including changes made with plain SQL (psql).
--
-- Taskdeck's own mutations send the full task JSON themselves (pg_notify in the same
-- transaction, TaskRepository) and set taskdeck.notified = 'on' for that transaction, so this
-- trigger stays silent for them. For everything else (psql, other tools, `--import`) it sends
-- {"op", "id", "at"} per row; the receiver reads the row. NOTIFY is transactional: nothing is
-- sent for a rolled-back change, and notifications arrive in commit order.
CREATE FUNCTION taskdeck_notify_task_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('taskdeck.notified', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('taskdeck_changes', json_build_object(
            'op', 'deleted', 'id', OLD.id,
            'at', (extract(epoch FROM clock_timestamp()) * 1000)::bigint)::text);
    ELSE
        PERFORM pg_notify('taskdeck_changes', json_build_object(
            'op', CASE WHEN TG_OP = 'INSERT' THEN 'created' ELSE 'updated' END, 'id', NEW.id,
            'at', (extract(epoch FROM clock_timestamp()) * 1000)::bigint)::text);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER tasks_notify_change
    AFTER INSERT OR UPDATE OR DELETE ON tasks
    FOR EACH ROW EXECUTE FUNCTION taskdeck_notify_task_change();

-- TRUNCATE fires no row trigger: one notification for the statement; every instance reloads.
CREATE FUNCTION taskdeck_notify_task_reset() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('taskdeck_changes', json_build_object(
        'op', 'reset', 'at', (extract(epoch FROM clock_timestamp()) * 1000)::bigint)::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER tasks_notify_reset
    AFTER TRUNCATE ON tasks
    FOR EACH STATEMENT EXECUTE FUNCTION taskdeck_notify_task_reset();
