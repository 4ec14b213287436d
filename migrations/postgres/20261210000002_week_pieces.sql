-- A week that crosses into a new month is kept as two pieces, one in each month: a week row's
-- `start` is its Monday, or the first of the month for the days after a month begins. A week
-- view's chart adds a week's pieces up; its breakdowns read whole months from the monthly rows
-- and only the pieces at either end from the weekly ones, so a year of weeks costs about what
-- a year of months does (a year of weekly rows was three times as many to add up).

-- The part of each crossing week in its second month, from the submissions still held, moves
-- to its own piece. An erased submission's count stays with the week's Monday: what it said
-- is gone, so its day is not known, and its month's total was never in doubt.
CREATE TEMP TABLE moved_counts ON COMMIT DROP AS
SELECT to_char(date_trunc('week', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS monday,
       to_char(date_trunc('month', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS start,
       kind, topic, COALESCE(practice_id, 0) AS practice_id,
       CASE WHEN duplicate_of IS NULL THEN status ELSE 'duplicate' END AS status,
       priority = 'urgent' AS urgent, safeguarding_at IS NOT NULL AS safeguarding, COUNT(*) AS n
FROM submissions
WHERE date_trunc('week', created_at AT TIME ZONE 'UTC') < date_trunc('month', created_at AT TIME ZONE 'UTC')
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;

UPDATE insight_counts c SET n = c.n - m.n
FROM moved_counts m
WHERE c.grain = 'week' AND c.start = m.monday AND c.kind = m.kind AND c.topic = m.topic
  AND c.practice_id = m.practice_id AND c.status = m.status AND c.urgent = m.urgent
  AND c.safeguarding = m.safeguarding;

INSERT INTO insight_counts (grain, start, kind, topic, practice_id, status, urgent, safeguarding, n)
SELECT 'week', start, kind, topic, practice_id, status, urgent, safeguarding, n FROM moved_counts
ON CONFLICT (grain, start, kind, topic, practice_id, status, urgent, safeguarding)
DO UPDATE SET n = insight_counts.n + excluded.n;

CREATE TEMP TABLE moved_themes ON COMMIT DROP AS
SELECT to_char(date_trunc('week', s.created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS monday,
       to_char(date_trunc('month', s.created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS start,
       s.kind, s.topic, COALESCE(s.practice_id, 0) AS practice_id, t.theme, COUNT(*) AS n
FROM submission_themes t JOIN submissions s ON s.id = t.submission_id
WHERE date_trunc('week', s.created_at AT TIME ZONE 'UTC') < date_trunc('month', s.created_at AT TIME ZONE 'UTC')
GROUP BY 1, 2, 3, 4, 5, 6;

UPDATE insight_themes t SET n = t.n - m.n
FROM moved_themes m
WHERE t.grain = 'week' AND t.start = m.monday AND t.kind = m.kind AND t.topic = m.topic
  AND t.practice_id = m.practice_id AND t.theme = m.theme;
DELETE FROM insight_themes WHERE grain = 'week' AND n <= 0;

INSERT INTO insight_themes (grain, start, kind, topic, practice_id, theme, n)
SELECT 'week', start, kind, topic, practice_id, theme, n FROM moved_themes
ON CONFLICT (grain, start, kind, topic, practice_id, theme) DO UPDATE SET n = insight_themes.n + excluded.n;

-- Every trigger takes a row's start from here.
CREATE OR REPLACE FUNCTION insight_start(grain TEXT, at TIMESTAMPTZ) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(CASE WHEN grain = 'week'
                        THEN greatest(date_trunc('week', at AT TIME ZONE 'UTC'), date_trunc('month', at AT TIME ZONE 'UTC'))
                        ELSE date_trunc(grain, at AT TIME ZONE 'UTC') END, 'YYYY-MM-DD')
$$;
