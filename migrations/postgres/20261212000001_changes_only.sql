-- Since 20261211000001 an insert's counts come from `insight_submissions_added()`, once per
-- statement; the trigger for each row runs only for changes and erasure. Its INSERT branch
-- can no longer run, so it goes: one function, one job each.
CREATE OR REPLACE FUNCTION insight_submissions_changed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.status IS DISTINCT FROM NEW.status
           OR (OLD.priority = 'urgent') IS DISTINCT FROM (NEW.priority = 'urgent')
           OR (OLD.safeguarding_at IS NULL) IS DISTINCT FROM (NEW.safeguarding_at IS NULL)
           OR (OLD.duplicate_of IS NULL) IS DISTINCT FROM (NEW.duplicate_of IS NULL) THEN
            PERFORM insight_count(OLD, -1);
            PERFORM insight_count(NEW, 1);
        END IF;
        IF OLD.first_reply_days IS NULL AND NEW.first_reply_days IS NOT NULL THEN
            PERFORM insight_reply(NEW, 1);
        END IF;
        RETURN NEW;
    ELSIF TG_OP = 'DELETE' THEN
        -- Themes go first, while the submission row is still there for their trigger to read.
        -- The counts stay.
        DELETE FROM submission_themes WHERE submission_id = OLD.id;
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'insight_submissions_changed: % is counted by insight_submissions_added()', TG_OP;
END;
$$;
