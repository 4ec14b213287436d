-- An item staff link to another as its duplicate: closed, with a pointer to the original by
-- reference (text, like the audit log's, so the pointer outlives the original's erasure),
-- and counted once in insights.
ALTER TABLE submissions ADD COLUMN duplicate_of TEXT;
CREATE INDEX submissions_duplicate_of ON submissions (duplicate_of) WHERE duplicate_of IS NOT NULL;

-- A duplicate is counted under the status 'duplicate', which no figure of the insights adds
-- up: linking an item moves its count there, unlinking moves it back.
CREATE OR REPLACE FUNCTION insight_count(s submissions, delta BIGINT) RETURNS VOID LANGUAGE sql AS $$
    INSERT INTO insight_counts (grain, start, kind, topic, practice_id, status, urgent, safeguarding, n)
    SELECT g.grain, insight_start(g.grain, s.created_at), s.kind, s.topic, COALESCE(s.practice_id, 0),
           CASE WHEN s.duplicate_of IS NULL THEN s.status ELSE 'duplicate' END,
           s.priority = 'urgent', s.safeguarding_at IS NOT NULL, delta
    FROM (VALUES ('month'), ('week')) AS g (grain)
    ON CONFLICT (grain, start, kind, topic, practice_id, status, urgent, safeguarding)
    DO UPDATE SET n = insight_counts.n + delta;
$$;

CREATE OR REPLACE FUNCTION insight_submissions_changed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM insight_count(NEW, 1);
        IF NEW.first_reply_days IS NOT NULL THEN
            PERFORM insight_reply(NEW, 1);
        END IF;
        RETURN NEW;
    ELSIF TG_OP = 'UPDATE' THEN
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
    ELSE
        -- Themes go first, while the submission row is still there for their trigger to read.
        -- The counts stay.
        DELETE FROM submission_themes WHERE submission_id = OLD.id;
        RETURN OLD;
    END IF;
END;
$$;
