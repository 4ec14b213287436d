-- The days the daily digest went, one row each: the first server to insert the day sends
-- it, in the same transaction, so it goes once however many servers run the outbox worker.
CREATE TABLE digest_days (
    day     TEXT PRIMARY KEY,
    sent_at TEXT NOT NULL
);
