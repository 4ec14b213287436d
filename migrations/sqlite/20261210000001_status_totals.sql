-- How many submissions are in each status, for the inbox's status links on every inbox page.
-- Summing the monthly roll-up for them read every one of its rows (11 ms at a million
-- submissions, 36,000 rows); these few rows follow the monthly roll-up through its own
-- triggers, so whatever changes a monthly count (a submission, a status change, a duplicate
-- link) changes its status total in the same statement. Like the roll-up, an erased
-- submission stays counted.
CREATE TABLE status_totals (
    status TEXT PRIMARY KEY NOT NULL,
    n      INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO status_totals (status, n)
SELECT status, SUM(n) FROM insight_counts WHERE grain = 'month' GROUP BY status;

CREATE TRIGGER status_totals_insert AFTER INSERT ON insight_counts WHEN NEW.grain = 'month' BEGIN
    INSERT INTO status_totals (status, n) VALUES (NEW.status, NEW.n)
    ON CONFLICT (status) DO UPDATE SET n = n + excluded.n;
END;
-- A roll-up row's status is part of its key: an update changes only its count.
CREATE TRIGGER status_totals_update AFTER UPDATE OF n ON insight_counts WHEN NEW.grain = 'month' BEGIN
    INSERT INTO status_totals (status, n) VALUES (NEW.status, NEW.n - OLD.n)
    ON CONFLICT (status) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER status_totals_delete AFTER DELETE ON insight_counts WHEN OLD.grain = 'month' BEGIN
    INSERT INTO status_totals (status, n) VALUES (OLD.status, -OLD.n)
    ON CONFLICT (status) DO UPDATE SET n = n + excluded.n;
END;
