-- PostgreSQL's roll-up counts for a batch of submissions are now added up once per INSERT
-- statement (see the PostgreSQL migration of this name). SQLite has no trigger for a
-- statement, and its triggers for each row run in-process, without a round trip: nothing
-- changes here. The file keeps both databases' migration histories alike.
SELECT 1;
