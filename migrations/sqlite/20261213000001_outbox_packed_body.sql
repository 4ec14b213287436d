-- An outbox message's text and HTML bodies, compressed together (`notify::outbox::pack`).
-- A staff notification's bodies are 2.3 KB, so a row took a 4 KB page of its own, and each
-- page a commit changes is written whole to the WAL and again at the checkpoint: the
-- outbox was 40 % of what a submission wrote. Packed, about three rows share a page. Rows
-- queued before this keep their bodies in `text_body` and `html_body`; new rows leave those
-- empty. (One server holds a SQLite file, so no server of an older version shares the
-- queue.)
ALTER TABLE outbox ADD COLUMN body BLOB;
