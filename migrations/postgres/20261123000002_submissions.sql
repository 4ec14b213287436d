-- What residents send. The tracking token is never stored, only its SHA-256.
CREATE TABLE submissions (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference         TEXT NOT NULL UNIQUE,
    token_hash        BYTEA NOT NULL UNIQUE,
    kind              TEXT NOT NULL CHECK (kind IN ('feedback', 'idea')),
    topic             TEXT NOT NULL,
    practice_id       BIGINT REFERENCES practices (id),
    practice_unsure   BOOLEAN NOT NULL DEFAULT FALSE,
    message           TEXT NOT NULL,
    contact_name      TEXT,
    contact_email     TEXT,
    contact_phone     TEXT,
    contact_consent   BOOLEAN NOT NULL DEFAULT FALSE,
    publish_consent   BOOLEAN NOT NULL DEFAULT FALSE,
    language          TEXT NOT NULL,
    channel           TEXT NOT NULL DEFAULT 'web',
    status            TEXT NOT NULL DEFAULT 'new',
    priority          TEXT NOT NULL DEFAULT 'normal',
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);

CREATE INDEX submissions_created_at ON submissions (created_at);
CREATE INDEX submissions_status ON submissions (status, created_at);

-- Replies staff publish to the resident's tracking page.
CREATE TABLE public_replies (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    body          TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE INDEX public_replies_submission ON public_replies (submission_id);
