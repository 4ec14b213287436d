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

CREATE FUNCTION status_totals_follow() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.grain = 'month' THEN
        PERFORM status_total_add(OLD.status, -OLD.n);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.grain = 'month' THEN
        PERFORM status_total_add(NEW.status, NEW.n);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER status_totals_follow AFTER INSERT OR UPDATE OR DELETE ON insight_counts
FOR EACH ROW EXECUTE FUNCTION status_totals_follow();
