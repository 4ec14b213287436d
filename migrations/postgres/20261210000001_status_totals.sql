-- How many submissions are in each status, for the inbox's status links on every inbox page.
-- Summing the monthly roll-up for them read every one of its rows; these few rows follow the
-- monthly roll-up through its own trigger, so whatever changes a monthly count (a submission,
-- a status change, a duplicate link) changes its status total in the same statement. Like
-- the roll-up, an erased submission stays counted.
CREATE TABLE status_totals (
    status TEXT PRIMARY KEY,
    n      BIGINT NOT NULL
);

INSERT INTO status_totals (status, n)
SELECT status, SUM(n) FROM insight_counts WHERE grain = 'month' GROUP BY status;

CREATE FUNCTION status_total_add(s TEXT, delta BIGINT) RETURNS VOID LANGUAGE sql AS $$
    INSERT INTO status_totals (status, n) VALUES (s, delta)
    ON CONFLICT (status) DO UPDATE SET n = status_totals.n + delta;
$$;

-- A roll-up row's status is part of its key: an update changes only its count. Weekly rows
-- are passed over by each trigger's WHEN, without calling a function.
CREATE FUNCTION status_totals_follow() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM status_total_add(NEW.status, NEW.n);
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM status_total_add(NEW.status, NEW.n - OLD.n);
    ELSE
        PERFORM status_total_add(OLD.status, -OLD.n);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER status_totals_insert AFTER INSERT ON insight_counts
FOR EACH ROW WHEN (NEW.grain = 'month') EXECUTE FUNCTION status_totals_follow();
CREATE TRIGGER status_totals_update AFTER UPDATE OF n ON insight_counts
FOR EACH ROW WHEN (NEW.grain = 'month') EXECUTE FUNCTION status_totals_follow();
CREATE TRIGGER status_totals_delete AFTER DELETE ON insight_counts
FOR EACH ROW WHEN (OLD.grain = 'month') EXECUTE FUNCTION status_totals_follow();
