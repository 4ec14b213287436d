-- Residents add to what they said from the tracking page; with staff replies these make
-- one conversation. The texts go with the submission on erasure and are anonymised with it.
CREATE TABLE resident_additions (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    body          TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX resident_additions_submission ON resident_additions (submission_id, created_at);

-- The tracking token sealed with the site's key (ChaCha20-Poly1305, bound to the
-- reference), so the link can be sent again and repeated in replies; the lookup still goes
-- by `token_hash`. Rows made before this have none: their link is replaced when asked for.
ALTER TABLE submissions ADD COLUMN token_sealed BYTEA;

-- Messages go by email or by text message; both through the same outbox and worker.
ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'text'));

-- Up to three photos a resident attaches, cleaned (decoded and re-encoded, no metadata)
-- before they are stored; shown to staff and admins only; erased with the submission.
CREATE TABLE submission_photos (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    content_type  TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    width         INTEGER NOT NULL,
    height        INTEGER NOT NULL,
    bytes         BYTEA NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (submission_id, position)
);
