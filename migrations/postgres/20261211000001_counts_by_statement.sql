-- A batch of submissions (see `submissions::group`) is one INSERT of up to 128 rows. Its
-- roll-up counts were kept by a trigger for each row: two upserts of a roll-up row per
-- submission, all of a batch's on the same few hot rows, and a status total on top, so
-- PostgreSQL wrote a new version of the same rows hundreds of times per transaction. Now the
-- insert's trigger runs once for the statement and adds the batch up first: one upsert per
-- roll-up row the batch touches. Changes and erasure keep the trigger for each row: they
-- come one at a time. (SQLite has no trigger for a statement; its triggers run in-process.)
CREATE FUNCTION insight_submissions_added() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    -- Grouped, so no row is changed twice by one upsert; in key order, so two servers'
    -- batches lock the rows they share in the same order.
    INSERT INTO insight_counts (grain, start, kind, topic, practice_id, status, urgent, safeguarding, n)
    SELECT g.grain, insight_start(g.grain, s.created_at), s.kind, s.topic, COALESCE(s.practice_id, 0),
           CASE WHEN s.duplicate_of IS NULL THEN s.status ELSE 'duplicate' END,
           s.priority = 'urgent', s.safeguarding_at IS NOT NULL, COUNT(*)
    FROM added s CROSS JOIN (VALUES ('month'), ('week')) AS g (grain)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (grain, start, kind, topic, practice_id, status, urgent, safeguarding)
    DO UPDATE SET n = insight_counts.n + excluded.n;

    INSERT INTO insight_replies (start, kind, topic, practice_id, days, n)
    SELECT insight_start('month', s.created_at), s.kind, s.topic, COALESCE(s.practice_id, 0),
           insight_bucket(s.first_reply_days), COUNT(*)
    FROM added s WHERE s.first_reply_days IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (start, kind, topic, practice_id, days) DO UPDATE SET n = insight_replies.n + excluded.n;
    RETURN NULL;
END;
$$;

DROP TRIGGER insight_submissions_inserted ON submissions;
CREATE TRIGGER insight_submissions_inserted AFTER INSERT ON submissions
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION insight_submissions_added();
