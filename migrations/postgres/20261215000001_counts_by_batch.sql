-- SQLite's roll-ups are now added up once per batch of inserts (see the SQLite migration of
-- this name); PostgreSQL's already are, by a trigger for the statement (`counts_by_statement`).
-- The file keeps both databases' migration histories alike.
SELECT 1;
