-- PostgreSQL now keeps outbox rows whole up to a page (see the PostgreSQL migration of this
-- name). SQLite's outbox bodies are packed by the portal (`notify::outbox::pack`): nothing
-- changes here. The file keeps both databases' migration histories alike.
SELECT 1;
