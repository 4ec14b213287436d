-- Erasure leaves no text behind, and the insights do not change when a submission is erased.
--
-- An erased submission stays counted: its rows in `insight_counts` and `insight_replies` are
-- numbers, not personal data, and a resident deleting their message must not change the
-- figures commissioners have already seen. Its themes are staff's free text about it, so they
-- go; and a theme roll-up row whose count falls to zero (by erasure or by a change of themes)
-- is deleted rather than kept with its text at 0.

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
           OR (OLD.safeguarding_at IS NULL) IS DISTINCT FROM (NEW.safeguarding_at IS NULL) THEN
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

CREATE OR REPLACE FUNCTION insight_themes_changed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
    changed submission_themes;
    delta BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN changed := NEW; delta := 1; ELSE changed := OLD; delta := -1; END IF;
    INSERT INTO insight_themes (grain, start, kind, topic, practice_id, theme, n)
    SELECT g.grain, insight_start(g.grain, s.created_at), s.kind, s.topic, COALESCE(s.practice_id, 0), changed.theme, delta
    FROM submissions s, (VALUES ('month'), ('week')) AS g (grain)
    WHERE s.id = changed.submission_id
    ON CONFLICT (grain, start, kind, topic, practice_id, theme) DO UPDATE SET n = insight_themes.n + delta;
    IF delta < 0 THEN
        DELETE FROM insight_themes t
        USING submissions s, (VALUES ('month'), ('week')) AS g (grain)
        WHERE s.id = changed.submission_id AND t.n <= 0 AND t.theme = changed.theme
          AND t.grain = g.grain AND t.start = insight_start(g.grain, s.created_at) AND t.kind = s.kind
          AND t.topic = s.topic AND t.practice_id = COALESCE(s.practice_id, 0);
    END IF;
    RETURN NULL;
END;
$$;

-- What earlier versions left behind.
-- Theme text at count 0.
DELETE FROM insight_themes WHERE n <= 0;
-- Emails about submissions erased before: the foreign key cleared their `submission_id`, and
-- only account emails are written without one.
DELETE FROM outbox WHERE submission_id IS NULL AND kind <> 'account-link';
-- Audit rows that held free text: the safeguarding reason, the themes, and staff's inbox
-- search words. They keep who did what and when.
UPDATE audit_log SET detail = 'reason recorded' WHERE action = 'safeguarding-flagged';
UPDATE audit_log SET detail = 'themes changed' WHERE action = 'themes-set';
UPDATE audit_log SET detail = 'search text not recorded; ' || substr(detail, strpos(detail, '&') + 1)
WHERE action = 'inbox-viewed' AND detail LIKE 'q=%';
