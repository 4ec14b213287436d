-- SQLite gains covering indexes for the insights breakdowns here (it can only group by
-- sorting). PostgreSQL groups these few thousand rows with a hash aggregate and reads the
-- roll-ups by their primary keys; an index whose entries change with every count would only
-- slow its writes. Kept so both databases' migrations carry the same names.
SELECT 1;
