-- The column SQLite keeps an outbox message's compressed bodies in (`notify::outbox::pack`),
-- so the worker reads the same columns on both databases. It stays empty here: PostgreSQL
-- compresses long values itself, and servers share this queue, so during a rolling deploy
-- a server of the version before can still claim a new row and must find its bodies in
-- `text_body` and `html_body`.
ALTER TABLE outbox ADD COLUMN body BYTEA;
