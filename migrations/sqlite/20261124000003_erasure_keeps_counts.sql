-- Erasure leaves no text behind, and the insights do not change when a submission is erased.
--
-- An erased submission stays counted: its rows in `insight_counts` and `insight_replies` are
-- numbers, not personal data, and a resident deleting their message must not change the
-- figures commissioners have already seen. Its themes are staff's free text about it, so they
-- go; and a theme roll-up row whose count falls to zero (by erasure or by a change of themes)
-- is deleted rather than kept with its text at 0.

DROP TRIGGER insight_counts_delete;
-- Themes go first, while the submission row is still there for their trigger to read.
CREATE TRIGGER insight_counts_delete BEFORE DELETE ON submissions BEGIN
    DELETE FROM submission_themes WHERE submission_id = OLD.id;
END;

DROP TRIGGER insight_themes_delete;
CREATE TRIGGER insight_themes_delete AFTER DELETE ON submission_themes BEGIN
    UPDATE insight_themes SET n = n - 1
    WHERE theme = OLD.theme AND (grain, start, kind, topic, practice_id) IN (
        SELECT 'month', substr(s.created_at, 1, 7) || '-01', s.kind, s.topic, COALESCE(s.practice_id, 0)
        FROM submissions s WHERE s.id = OLD.submission_id
        UNION ALL
        SELECT 'week', date(substr(s.created_at, 1, 10), '-6 days', 'weekday 1'), s.kind, s.topic, COALESCE(s.practice_id, 0)
        FROM submissions s WHERE s.id = OLD.submission_id);
    DELETE FROM insight_themes
    WHERE n <= 0 AND theme = OLD.theme AND (grain, start, kind, topic, practice_id) IN (
        SELECT 'month', substr(s.created_at, 1, 7) || '-01', s.kind, s.topic, COALESCE(s.practice_id, 0)
        FROM submissions s WHERE s.id = OLD.submission_id
        UNION ALL
        SELECT 'week', date(substr(s.created_at, 1, 10), '-6 days', 'weekday 1'), s.kind, s.topic, COALESCE(s.practice_id, 0)
        FROM submissions s WHERE s.id = OLD.submission_id);
END;

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
UPDATE audit_log SET detail = 'search text not recorded; ' || substr(detail, instr(detail, '&') + 1)
WHERE action = 'inbox-viewed' AND detail LIKE 'q=%';
