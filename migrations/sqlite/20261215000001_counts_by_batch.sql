-- SQLite has no trigger for a statement (PostgreSQL's roll-ups are added up once per insert:
-- see its migration `counts_by_statement`), so each new submission upserted its monthly and
-- weekly roll-up rows, and through them its status total, one row at a time: three upserts
-- per submission, a batch's all on the same few rows. A writer that inserts many rows in one
-- transaction (the group commit, demo data) now opens a batch first by inserting a row here
-- with the first id it will use; while the row is here the insert trigger leaves the
-- roll-ups alone, and deleting it adds up every submission from that id on at once: one
-- upsert per roll-up row the batch touches. Opened and closed in the writer's transaction,
-- so no other connection ever sees a batch open, and a batch rolled back leaves nothing.
CREATE TABLE insight_batch (
    first_id INTEGER NOT NULL
);

DROP TRIGGER insight_counts_insert;
CREATE TRIGGER insight_counts_insert AFTER INSERT ON submissions
WHEN NOT EXISTS (SELECT 1 FROM insight_batch)
BEGIN
    INSERT INTO insight_counts (grain, start, kind, topic, practice_id, status, urgent, safeguarding, n)
    SELECT p.column1, p.column2, NEW.kind, NEW.topic, COALESCE(NEW.practice_id, 0),
           CASE WHEN NEW.duplicate_of IS NULL THEN NEW.status ELSE 'duplicate' END,
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

-- Closing a batch: the same counts as the trigger above, grouped. Rows get ids above every
-- row already stored, so the batch's rows are those from its first id on.
CREATE TRIGGER insight_batch_closed AFTER DELETE ON insight_batch BEGIN
    INSERT INTO insight_counts (grain, start, kind, topic, practice_id, status, urgent, safeguarding, n)
    SELECT g.grain,
           CASE g.grain WHEN 'month' THEN substr(s.created_at, 1, 7) || '-01'
                ELSE max(date(substr(s.created_at, 1, 10), '-6 days', 'weekday 1'), substr(s.created_at, 1, 7) || '-01') END,
           s.kind, s.topic, COALESCE(s.practice_id, 0),
           CASE WHEN s.duplicate_of IS NULL THEN s.status ELSE 'duplicate' END,
           s.priority = 'urgent', s.safeguarding_at IS NOT NULL, COUNT(*)
    FROM submissions s CROSS JOIN (SELECT 'month' AS grain UNION ALL SELECT 'week') g
    WHERE s.id >= OLD.first_id
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (grain, start, kind, topic, practice_id, status, urgent, safeguarding) DO UPDATE SET n = n + excluded.n;
    INSERT INTO insight_replies (start, kind, topic, practice_id, days, n)
    SELECT substr(s.created_at, 1, 7) || '-01', s.kind, s.topic, COALESCE(s.practice_id, 0),
           CASE WHEN s.first_reply_days <= 10 THEN s.first_reply_days WHEN s.first_reply_days <= 15 THEN 15
                WHEN s.first_reply_days <= 20 THEN 20 WHEN s.first_reply_days <= 30 THEN 30 ELSE 31 END, COUNT(*)
    FROM submissions s
    WHERE s.id >= OLD.first_id AND s.first_reply_days IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (start, kind, topic, practice_id, days) DO UPDATE SET n = n + excluded.n;
END;
