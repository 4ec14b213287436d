-- An item staff link to another as its duplicate: closed, with a pointer to the original by
-- reference (text, like the audit log's, so the pointer outlives the original's erasure),
-- and counted once in insights.
ALTER TABLE submissions ADD COLUMN duplicate_of TEXT;
CREATE INDEX submissions_duplicate_of ON submissions (duplicate_of) WHERE duplicate_of IS NOT NULL;

-- A duplicate is counted under the status 'duplicate', which no figure of the insights adds
-- up: linking an item moves its count there, unlinking moves it back.
DROP TRIGGER insight_counts_update;
CREATE TRIGGER insight_counts_update AFTER UPDATE OF status, priority, safeguarding_at, duplicate_of ON submissions
WHEN OLD.status IS NOT NEW.status OR (OLD.priority = 'urgent') IS NOT (NEW.priority = 'urgent')
     OR (OLD.safeguarding_at IS NULL) IS NOT (NEW.safeguarding_at IS NULL)
     OR (OLD.duplicate_of IS NULL) IS NOT (NEW.duplicate_of IS NULL)
BEGIN
    UPDATE insight_counts SET n = n - 1
    WHERE (grain, start) IN (VALUES ('month', substr(OLD.created_at, 1, 7) || '-01'),
                                    ('week', date(substr(OLD.created_at, 1, 10), '-6 days', 'weekday 1')))
      AND kind = OLD.kind AND topic = OLD.topic AND practice_id = COALESCE(OLD.practice_id, 0)
      AND status = CASE WHEN OLD.duplicate_of IS NULL THEN OLD.status ELSE 'duplicate' END
      AND urgent = (OLD.priority = 'urgent') AND safeguarding = (OLD.safeguarding_at IS NOT NULL);
    INSERT INTO insight_counts (grain, start, kind, topic, practice_id, status, urgent, safeguarding, n)
    SELECT p.column1, p.column2, NEW.kind, NEW.topic, COALESCE(NEW.practice_id, 0),
           CASE WHEN NEW.duplicate_of IS NULL THEN NEW.status ELSE 'duplicate' END,
           NEW.priority = 'urgent', NEW.safeguarding_at IS NOT NULL, 1
    FROM (VALUES ('month', substr(NEW.created_at, 1, 7) || '-01'),
                 ('week', date(substr(NEW.created_at, 1, 10), '-6 days', 'weekday 1'))) p
    WHERE true
    ON CONFLICT (grain, start, kind, topic, practice_id, status, urgent, safeguarding) DO UPDATE SET n = n + 1;
END;
