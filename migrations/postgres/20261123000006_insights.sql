-- Insights for commissioners. Counting a million submissions on every page view is too slow,
-- so triggers keep small roll-up tables in step with every insert, change and erasure: a page
-- of insights reads a few thousand roll-up rows, however many submissions there are.
--
-- Each count is kept twice, by calendar month and by week (starting Monday), because the
-- insights page shows whole months or whole weeks. `start` is the first day of the period as
-- 'YYYY-MM-DD' (UTC). Practice 0 stands for "not given".

ALTER TABLE submissions ADD COLUMN first_reply_at TIMESTAMPTZ;
-- Working days (Monday to Friday) from the submission to its first public reply.
ALTER TABLE submissions ADD COLUMN first_reply_days INTEGER;
-- A quote staff approved for publication, anonymised by them; only with the resident's consent.
ALTER TABLE submissions ADD COLUMN quote TEXT;
ALTER TABLE submissions ADD COLUMN quote_approved_by BIGINT REFERENCES staff (id);
ALTER TABLE submissions ADD COLUMN quote_approved_at TIMESTAMPTZ;
CREATE INDEX submissions_quotes ON submissions (quote_approved_at) WHERE quote_approved_at IS NOT NULL;

CREATE TABLE insight_counts (
    grain        TEXT NOT NULL CHECK (grain IN ('month', 'week')),
    start        TEXT NOT NULL,
    kind         TEXT NOT NULL,
    topic        TEXT NOT NULL,
    practice_id  BIGINT NOT NULL,
    status       TEXT NOT NULL,
    urgent       BOOLEAN NOT NULL,
    safeguarding BOOLEAN NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (grain, start, kind, topic, practice_id, status, urgent, safeguarding)
);

CREATE TABLE insight_themes (
    grain       TEXT NOT NULL CHECK (grain IN ('month', 'week')),
    start       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    topic       TEXT NOT NULL,
    practice_id BIGINT NOT NULL,
    theme       TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (grain, start, kind, topic, practice_id, theme)
);

-- Time to first reply, by month only, in buckets: each working day up to 10, then up to 15,
-- 20 and 30 working days, and 31 for anything longer.
CREATE TABLE insight_replies (
    start       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    topic       TEXT NOT NULL,
    practice_id BIGINT NOT NULL,
    days        INTEGER NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (start, kind, topic, practice_id, days)
);

CREATE FUNCTION insight_start(grain TEXT, at TIMESTAMPTZ) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(date_trunc(grain, at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')
$$;

CREATE FUNCTION insight_bucket(days INTEGER) RETURNS INTEGER LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN days <= 10 THEN days WHEN days <= 15 THEN 15 WHEN days <= 20 THEN 20
                WHEN days <= 30 THEN 30 ELSE 31 END
$$;

CREATE FUNCTION insight_count(s submissions, delta BIGINT) RETURNS VOID LANGUAGE sql AS $$
    INSERT INTO insight_counts (grain, start, kind, topic, practice_id, status, urgent, safeguarding, n)
    SELECT g.grain, insight_start(g.grain, s.created_at), s.kind, s.topic, COALESCE(s.practice_id, 0), s.status,
           s.priority = 'urgent', s.safeguarding_at IS NOT NULL, delta
    FROM (VALUES ('month'), ('week')) AS g (grain)
    ON CONFLICT (grain, start, kind, topic, practice_id, status, urgent, safeguarding)
    DO UPDATE SET n = insight_counts.n + delta;
$$;

CREATE FUNCTION insight_reply(s submissions, delta BIGINT) RETURNS VOID LANGUAGE sql AS $$
    INSERT INTO insight_replies (start, kind, topic, practice_id, days, n)
    VALUES (insight_start('month', s.created_at), s.kind, s.topic, COALESCE(s.practice_id, 0),
            insight_bucket(s.first_reply_days), delta)
    ON CONFLICT (start, kind, topic, practice_id, days) DO UPDATE SET n = insight_replies.n + delta;
$$;

CREATE FUNCTION insight_submissions_changed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
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
        DELETE FROM submission_themes WHERE submission_id = OLD.id;
        PERFORM insight_count(OLD, -1);
        IF OLD.first_reply_days IS NOT NULL THEN
            PERFORM insight_reply(OLD, -1);
        END IF;
        RETURN OLD;
    END IF;
END;
$$;

CREATE TRIGGER insight_submissions_inserted AFTER INSERT ON submissions
    FOR EACH ROW EXECUTE FUNCTION insight_submissions_changed();
CREATE TRIGGER insight_submissions_updated AFTER UPDATE ON submissions
    FOR EACH ROW EXECUTE FUNCTION insight_submissions_changed();
CREATE TRIGGER insight_submissions_deleted BEFORE DELETE ON submissions
    FOR EACH ROW EXECUTE FUNCTION insight_submissions_changed();

CREATE FUNCTION insight_themes_changed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
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
    RETURN NULL;
END;
$$;

CREATE TRIGGER insight_themes_inserted AFTER INSERT ON submission_themes
    FOR EACH ROW EXECUTE FUNCTION insight_themes_changed();
CREATE TRIGGER insight_themes_deleted AFTER DELETE ON submission_themes
    FOR EACH ROW EXECUTE FUNCTION insight_themes_changed();

-- "You said, we did": what changed because of what residents said. No personal data.
CREATE TABLE you_said_we_did (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    said_en     TEXT NOT NULL,
    did_en      TEXT NOT NULL,
    said_bn     TEXT,
    did_bn      TEXT,
    theme       TEXT,
    action_date DATE NOT NULL,
    created_by  BIGINT REFERENCES staff (id),
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX you_said_we_did_date ON you_said_we_did (action_date);
