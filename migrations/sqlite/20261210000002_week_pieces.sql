-- A week that crosses into a new month is kept as two pieces, one in each month: a week row's
-- `start` is its Monday, or the first of the month for the days after a month begins. A week
-- view's chart adds a week's pieces up; its breakdowns read whole months from the monthly rows
-- and only the pieces at either end from the weekly ones, so a year of weeks costs about what
-- a year of months does (a year of weekly rows was three times as many to add up).

-- The part of each crossing week in its second month, from the submissions still held, moves
-- to its own piece. An erased submission's count stays with the week's Monday: what it said
-- is gone, so its day is not known, and its month's total was never in doubt.
CREATE TEMP TABLE moved_counts AS
SELECT date(substr(created_at, 1, 10), '-6 days', 'weekday 1') AS monday,
       substr(created_at, 1, 7) || '-01' AS start, kind, topic, COALESCE(practice_id, 0) AS practice_id,
       CASE WHEN duplicate_of IS NULL THEN status ELSE 'duplicate' END AS status,
       priority = 'urgent' AS urgent, safeguarding_at IS NOT NULL AS safeguarding, COUNT(*) AS n
FROM submissions
WHERE date(substr(created_at, 1, 10), '-6 days', 'weekday 1') < substr(created_at, 1, 7) || '-01'
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;

UPDATE insight_counts SET n = insight_counts.n - m.n
FROM moved_counts m
WHERE insight_counts.grain = 'week' AND insight_counts.start = m.monday AND insight_counts.kind = m.kind
  AND insight_counts.topic = m.topic AND insight_counts.practice_id = m.practice_id
  AND insight_counts.status = m.status AND insight_counts.urgent = m.urgent
  AND insight_counts.safeguarding = m.safeguarding;

INSERT INTO insight_counts (grain, start, kind, topic, practice_id, status, urgent, safeguarding, n)
SELECT 'week', start, kind, topic, practice_id, status, urgent, safeguarding, n FROM moved_counts WHERE true
ON CONFLICT (grain, start, kind, topic, practice_id, status, urgent, safeguarding) DO UPDATE SET n = n + excluded.n;

CREATE TEMP TABLE moved_themes AS
SELECT date(substr(s.created_at, 1, 10), '-6 days', 'weekday 1') AS monday,
       substr(s.created_at, 1, 7) || '-01' AS start, s.kind, s.topic, COALESCE(s.practice_id, 0) AS practice_id,
       t.theme, COUNT(*) AS n
FROM submission_themes t JOIN submissions s ON s.id = t.submission_id
WHERE date(substr(s.created_at, 1, 10), '-6 days', 'weekday 1') < substr(s.created_at, 1, 7) || '-01'
GROUP BY 1, 2, 3, 4, 5, 6;

UPDATE insight_themes SET n = insight_themes.n - m.n
FROM moved_themes m
WHERE insight_themes.grain = 'week' AND insight_themes.start = m.monday AND insight_themes.kind = m.kind
  AND insight_themes.topic = m.topic AND insight_themes.practice_id = m.practice_id
  AND insight_themes.theme = m.theme;
DELETE FROM insight_themes WHERE grain = 'week' AND n <= 0;

INSERT INTO insight_themes (grain, start, kind, topic, practice_id, theme, n)
SELECT 'week', start, kind, topic, practice_id, theme, n FROM moved_themes WHERE true
ON CONFLICT (grain, start, kind, topic, practice_id, theme) DO UPDATE SET n = n + excluded.n;

DROP TABLE moved_counts;
DROP TABLE moved_themes;

-- The same triggers, with the week's piece for its start.
DROP TRIGGER insight_counts_insert;
CREATE TRIGGER insight_counts_insert AFTER INSERT ON submissions BEGIN
    INSERT INTO insight_counts (grain, start, kind, topic, practice_id, status, urgent, safeguarding, n)
    SELECT p.column1, p.column2, NEW.kind, NEW.topic, COALESCE(NEW.practice_id, 0), NEW.status,
           NEW.priority = 'urgent', NEW.safeguarding_at IS NOT NULL, 1
    FROM (VALUES ('month', substr(NEW.created_at, 1, 7) || '-01'),
                 ('week', max(date(substr(NEW.created_at, 1, 10), '-6 days', 'weekday 1'),
                              substr(NEW.created_at, 1, 7) || '-01'))) p
    WHERE true
    ON CONFLICT (grain, start, kind, topic, practice_id, status, urgent, safeguarding) DO UPDATE SET n = n + 1;
    INSERT INTO insight_replies (start, kind, topic, practice_id, days, n)
    SELECT substr(NEW.created_at, 1, 7) || '-01', NEW.kind, NEW.topic, COALESCE(NEW.practice_id, 0),
           CASE WHEN NEW.first_reply_days <= 10 THEN NEW.first_reply_days WHEN NEW.first_reply_days <= 15 THEN 15
                WHEN NEW.first_reply_days <= 20 THEN 20 WHEN NEW.first_reply_days <= 30 THEN 30 ELSE 31 END, 1
    WHERE NEW.first_reply_days IS NOT NULL
    ON CONFLICT (start, kind, topic, practice_id, days) DO UPDATE SET n = n + 1;
END;

DROP TRIGGER insight_counts_update;
CREATE TRIGGER insight_counts_update AFTER UPDATE OF status, priority, safeguarding_at, duplicate_of ON submissions
WHEN OLD.status IS NOT NEW.status OR (OLD.priority = 'urgent') IS NOT (NEW.priority = 'urgent')
     OR (OLD.safeguarding_at IS NULL) IS NOT (NEW.safeguarding_at IS NULL)
     OR (OLD.duplicate_of IS NULL) IS NOT (NEW.duplicate_of IS NULL)
BEGIN
    UPDATE insight_counts SET n = n - 1
    WHERE (grain, start) IN (VALUES ('month', substr(OLD.created_at, 1, 7) || '-01'),
                                    ('week', max(date(substr(OLD.created_at, 1, 10), '-6 days', 'weekday 1'),
                                                 substr(OLD.created_at, 1, 7) || '-01')))
      AND kind = OLD.kind AND topic = OLD.topic AND practice_id = COALESCE(OLD.practice_id, 0)
      AND status = CASE WHEN OLD.duplicate_of IS NULL THEN OLD.status ELSE 'duplicate' END
      AND urgent = (OLD.priority = 'urgent') AND safeguarding = (OLD.safeguarding_at IS NOT NULL);
    INSERT INTO insight_counts (grain, start, kind, topic, practice_id, status, urgent, safeguarding, n)
    SELECT p.column1, p.column2, NEW.kind, NEW.topic, COALESCE(NEW.practice_id, 0),
           CASE WHEN NEW.duplicate_of IS NULL THEN NEW.status ELSE 'duplicate' END,
           NEW.priority = 'urgent', NEW.safeguarding_at IS NOT NULL, 1
    FROM (VALUES ('month', substr(NEW.created_at, 1, 7) || '-01'),
                 ('week', max(date(substr(NEW.created_at, 1, 10), '-6 days', 'weekday 1'),
                              substr(NEW.created_at, 1, 7) || '-01'))) p
    WHERE true
    ON CONFLICT (grain, start, kind, topic, practice_id, status, urgent, safeguarding) DO UPDATE SET n = n + 1;
END;

DROP TRIGGER insight_themes_insert;
CREATE TRIGGER insight_themes_insert AFTER INSERT ON submission_themes BEGIN
    INSERT INTO insight_themes (grain, start, kind, topic, practice_id, theme, n)
    SELECT 'month', substr(s.created_at, 1, 7) || '-01', s.kind, s.topic, COALESCE(s.practice_id, 0), NEW.theme, 1
    FROM submissions s WHERE s.id = NEW.submission_id
    ON CONFLICT (grain, start, kind, topic, practice_id, theme) DO UPDATE SET n = n + 1;
    INSERT INTO insight_themes (grain, start, kind, topic, practice_id, theme, n)
    SELECT 'week', max(date(substr(s.created_at, 1, 10), '-6 days', 'weekday 1'), substr(s.created_at, 1, 7) || '-01'),
           s.kind, s.topic, COALESCE(s.practice_id, 0), NEW.theme, 1
    FROM submissions s WHERE s.id = NEW.submission_id
    ON CONFLICT (grain, start, kind, topic, practice_id, theme) DO UPDATE SET n = n + 1;
END;

DROP TRIGGER insight_themes_delete;
CREATE TRIGGER insight_themes_delete AFTER DELETE ON submission_themes BEGIN
    UPDATE insight_themes SET n = n - 1
    WHERE theme = OLD.theme AND (grain, start, kind, topic, practice_id) IN (
        SELECT 'month', substr(s.created_at, 1, 7) || '-01', s.kind, s.topic, COALESCE(s.practice_id, 0)
        FROM submissions s WHERE s.id = OLD.submission_id
        UNION ALL
        SELECT 'week', max(date(substr(s.created_at, 1, 10), '-6 days', 'weekday 1'), substr(s.created_at, 1, 7) || '-01'),
               s.kind, s.topic, COALESCE(s.practice_id, 0)
        FROM submissions s WHERE s.id = OLD.submission_id);
    DELETE FROM insight_themes
    WHERE n <= 0 AND theme = OLD.theme AND (grain, start, kind, topic, practice_id) IN (
        SELECT 'month', substr(s.created_at, 1, 7) || '-01', s.kind, s.topic, COALESCE(s.practice_id, 0)
        FROM submissions s WHERE s.id = OLD.submission_id
        UNION ALL
        SELECT 'week', max(date(substr(s.created_at, 1, 10), '-6 days', 'weekday 1'), substr(s.created_at, 1, 7) || '-01'),
               s.kind, s.topic, COALESCE(s.practice_id, 0)
        FROM submissions s WHERE s.id = OLD.submission_id);
END;
