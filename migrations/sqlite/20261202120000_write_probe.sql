-- One row that /readyz rewrites to prove the database still takes durable writes: a server
-- whose disk is full answers 503 there and is taken out of rotation until space returns.
CREATE TABLE write_probe (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    payload BLOB NOT NULL,
    written_at TEXT NOT NULL
);
INSERT INTO write_probe (id, payload, written_at) VALUES (1, x'', '1970-01-01T00:00:00Z');
