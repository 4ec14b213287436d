-- Insights for commissioners. Counting a million submissions on every page view is too slow,
-- so triggers keep small roll-up tables in step with every insert, change and erasure: a page
-- of insights reads a few thousand roll-up rows, however many submissions there are.
--
-- Each count is kept twice, by calendar month and by week (starting Monday), because the
-- insights page shows whole months or whole weeks. `start` is the first day of the period as
-- 'YYYY-MM-DD' (UTC). Practice 0 stands for "not given".

ALTER TABLE submissions ADD COLUMN first_reply_at TEXT;
-- Working days (Monday to Friday) from the submission to its first public reply.
ALTER TABLE submissions ADD COLUMN first_reply_days INTEGER;
-- A quote staff approved for publication, anonymised by them; only with the resident's consent.
ALTER TABLE submissions ADD COLUMN quote TEXT;
ALTER TABLE submissions ADD COLUMN quote_approved_by INTEGER REFERENCES staff (id);
ALTER TABLE submissions ADD COLUMN quote_approved_at TEXT;
CREATE INDEX submissions_quotes ON submissions (quote_approved_at) WHERE quote_approved_at IS NOT NULL;

CREATE TABLE insight_counts (
    grain        TEXT NOT NULL CHECK (grain IN ('month', 'week')),
    start        TEXT NOT NULL,
    kind         TEXT NOT NULL,
    topic        TEXT NOT NULL,
    practice_id  INTEGER NOT NULL,
    status       TEXT NOT NULL,
    urgent       BOOLEAN NOT NULL,
    safeguarding BOOLEAN NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (grain, start, kind, topic, practice_id, status, urgent, safeguarding)
) WITHOUT ROWID;

CREATE TABLE insight_themes (
    grain       TEXT NOT NULL CHECK (grain IN ('month', 'week')),
    start       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    topic       TEXT NOT NULL,
    practice_id INTEGER NOT NULL,
    theme       TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (grain, start, kind, topic, practice_id, theme)
) WITHOUT ROWID;

-- Time to first reply, by month only, in buckets: each working day up to 10, then up to 15,
-- 20 and 30 working days, and 31 for anything longer.
CREATE TABLE insight_replies (
    start       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    topic       TEXT NOT NULL,
    practice_id INTEGER NOT NULL,
    days        INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (start, kind, topic, practice_id, days)
) WITHOUT ROWID;

CREATE TRIGGER insight_counts_insert AFTER INSERT ON submissions BEGIN
    INSERT INTO insight_counts (grain, start, kind, topic, practice_id, status, urgent, safeguarding, n)
    SELECT p.column1, p.column2, NEW.kind, NEW.topic, COALESCE(NEW.practice_id, 0), NEW.status,
           NEW.priority = 'urgent', NEW.safeguarding_at IS NOT NULL, 1
    FROM (VALUES ('month', substr(NEW.created_at, 1, 7) || '-01'),
                 ('week', date(substr(NEW.created_at, 1, 10), '-6 days', 'weekday 1'))) p
    WHERE true
    ON CONFLICT (grain, start, kind, topic, practice_id, status, urgent, safeguarding) DO UPDATE SET n = n + 1;
    INSERT INTO insight_replies (start, kind, topic, practice_id, days, n)
    SELECT substr(NEW.created_at, 1, 7) || '-01', NEW.kind, NEW.topic, COALESCE(NEW.practice_id, 0),
           CASE WHEN NEW.first_reply_days <= 10 THEN NEW.first_reply_days WHEN NEW.first_reply_days <= 15 THEN 15
                WHEN NEW.first_reply_days <= 20 THEN 20 WHEN NEW.first_reply_days <= 30 THEN 30 ELSE 31 END, 1
    WHERE NEW.first_reply_days IS NOT NULL
    ON CONFLICT (start, kind, topic, practice_id, days) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER insight_counts_update AFTER UPDATE OF status, priority, safeguarding_at ON submissions
WHEN OLD.status IS NOT NEW.status OR (OLD.priority = 'urgent') IS NOT (NEW.priority = 'urgent')
     OR (OLD.safeguarding_at IS NULL) IS NOT (NEW.safeguarding_at IS NULL)
BEGIN
    UPDATE insight_counts SET n = n - 1
    WHERE (grain, start) IN (VALUES ('month', substr(OLD.created_at, 1, 7) || '-01'),
                                    ('week', date(substr(OLD.created_at, 1, 10), '-6 days', 'weekday 1')))
      AND kind = OLD.kind AND topic = OLD.topic AND practice_id = COALESCE(OLD.practice_id, 0) AND status = OLD.status
      AND urgent = (OLD.priority = 'urgent') AND safeguarding = (OLD.safeguarding_at IS NOT NULL);
    INSERT INTO insight_counts (grain, start, kind, topic, practice_id, status, urgent, safeguarding, n)
    SELECT p.column1, p.column2, NEW.kind, NEW.topic, COALESCE(NEW.practice_id, 0), NEW.status,
           NEW.priority = 'urgent', NEW.safeguarding_at IS NOT NULL, 1
    FROM (VALUES ('month', substr(NEW.created_at, 1, 7) || '-01'),
                 ('week', date(substr(NEW.created_at, 1, 10), '-6 days', 'weekday 1'))) p
    WHERE true
    ON CONFLICT (grain, start, kind, topic, practice_id, status, urgent, safeguarding) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER insight_replies_update AFTER UPDATE OF first_reply_days ON submissions
WHEN OLD.first_reply_days IS NULL AND NEW.first_reply_days IS NOT NULL
BEGIN
    INSERT INTO insight_replies (start, kind, topic, practice_id, days, n)
    VALUES (substr(NEW.created_at, 1, 7) || '-01', NEW.kind, NEW.topic, COALESCE(NEW.practice_id, 0),
            CASE WHEN NEW.first_reply_days <= 10 THEN NEW.first_reply_days WHEN NEW.first_reply_days <= 15 THEN 15
                 WHEN NEW.first_reply_days <= 20 THEN 20 WHEN NEW.first_reply_days <= 30 THEN 30 ELSE 31 END, 1)
    ON CONFLICT (start, kind, topic, practice_id, days) DO UPDATE SET n = n + 1;
END;

-- Themes go first, while the submission row is still there for their trigger to read.
CREATE TRIGGER insight_counts_delete BEFORE DELETE ON submissions BEGIN
    DELETE FROM submission_themes WHERE submission_id = OLD.id;
    UPDATE insight_counts SET n = n - 1
    WHERE (grain, start) IN (VALUES ('month', substr(OLD.created_at, 1, 7) || '-01'),
                                    ('week', date(substr(OLD.created_at, 1, 10), '-6 days', 'weekday 1')))
      AND kind = OLD.kind AND topic = OLD.topic AND practice_id = COALESCE(OLD.practice_id, 0) AND status = OLD.status
      AND urgent = (OLD.priority = 'urgent') AND safeguarding = (OLD.safeguarding_at IS NOT NULL);
    UPDATE insight_replies SET n = n - 1
    WHERE OLD.first_reply_days IS NOT NULL AND start = substr(OLD.created_at, 1, 7) || '-01' AND kind = OLD.kind
      AND topic = OLD.topic AND practice_id = COALESCE(OLD.practice_id, 0)
      AND days = CASE WHEN OLD.first_reply_days <= 10 THEN OLD.first_reply_days WHEN OLD.first_reply_days <= 15 THEN 15
                      WHEN OLD.first_reply_days <= 20 THEN 20 WHEN OLD.first_reply_days <= 30 THEN 30 ELSE 31 END;
END;

CREATE TRIGGER insight_themes_insert AFTER INSERT ON submission_themes BEGIN
    INSERT INTO insight_themes (grain, start, kind, topic, practice_id, theme, n)
    SELECT 'month', substr(s.created_at, 1, 7) || '-01', s.kind, s.topic, COALESCE(s.practice_id, 0), NEW.theme, 1
    FROM submissions s WHERE s.id = NEW.submission_id
    ON CONFLICT (grain, start, kind, topic, practice_id, theme) DO UPDATE SET n = n + 1;
    INSERT INTO insight_themes (grain, start, kind, topic, practice_id, theme, n)
    SELECT 'week', date(substr(s.created_at, 1, 10), '-6 days', 'weekday 1'), s.kind, s.topic, COALESCE(s.practice_id, 0), NEW.theme, 1
    FROM submissions s WHERE s.id = NEW.submission_id
    ON CONFLICT (grain, start, kind, topic, practice_id, theme) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER insight_themes_delete AFTER DELETE ON submission_themes BEGIN
    UPDATE insight_themes SET n = n - 1
    WHERE theme = OLD.theme AND (grain, start, kind, topic, practice_id) IN (
        SELECT 'month', substr(s.created_at, 1, 7) || '-01', s.kind, s.topic, COALESCE(s.practice_id, 0)
        FROM submissions s WHERE s.id = OLD.submission_id
        UNION ALL
        SELECT 'week', date(substr(s.created_at, 1, 10), '-6 days', 'weekday 1'), s.kind, s.topic, COALESCE(s.practice_id, 0)
        FROM submissions s WHERE s.id = OLD.submission_id);
END;

-- "You said, we did": what changed because of what residents said. No personal data.
CREATE TABLE you_said_we_did (
    id          INTEGER PRIMARY KEY,
    said_en     TEXT NOT NULL,
    did_en      TEXT NOT NULL,
    said_bn     TEXT,
    did_bn      TEXT,
    theme       TEXT,
    action_date TEXT NOT NULL,
    created_by  INTEGER REFERENCES staff (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX you_said_we_did_date ON you_said_we_did (action_date);
