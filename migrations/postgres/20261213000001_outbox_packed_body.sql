-- An outbox message's text and HTML bodies, compressed together (`notify::outbox::pack`),
-- as on SQLite, where a row of 2.3 KB bodies took a page of its own. PostgreSQL would
-- compress them itself only past 2 KB a row; one format keeps the two databases' rows
-- alike. Rows queued before this keep their bodies in `text_body` and `html_body`; new
-- rows leave those empty.
ALTER TABLE outbox ADD COLUMN body BYTEA;
