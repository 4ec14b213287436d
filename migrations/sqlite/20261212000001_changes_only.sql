-- The PostgreSQL migration of this name drops a branch of a trigger function that no longer
-- runs. SQLite's triggers are unchanged; the file keeps the two lists the same.
SELECT 1;
