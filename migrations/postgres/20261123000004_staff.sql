-- Staff accounts, their sessions, sign-in throttling, one-time password links, triage
-- fields and the audit log.
CREATE TABLE staff (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'commissioner')),
    password_hash TEXT,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ NOT NULL
);

-- Only the SHA-256 of a session id is stored.
CREATE TABLE sessions (
    id_hash      BYTEA PRIMARY KEY,
    staff_id     BIGINT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_staff ON sessions (staff_id);

CREATE TABLE password_tokens (
    token_hash BYTEA PRIMARY KEY,
    staff_id   BIGINT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('setup', 'reset')),
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);

-- Failed sign-ins, keyed by account (hashed e-mail) and by client address.
CREATE TABLE sign_in_failures (
    key TEXT NOT NULL,
    at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (key, at);

ALTER TABLE submissions ADD COLUMN assignee_id BIGINT REFERENCES staff (id);
ALTER TABLE submissions ADD COLUMN safeguarding_reason TEXT;
ALTER TABLE submissions ADD COLUMN safeguarding_by BIGINT REFERENCES staff (id);
ALTER TABLE submissions ADD COLUMN safeguarding_at TIMESTAMPTZ;
CREATE INDEX submissions_assignee ON submissions (assignee_id, created_at);
CREATE INDEX submissions_priority ON submissions (priority, created_at);

ALTER TABLE public_replies ADD COLUMN author_id BIGINT REFERENCES staff (id);

CREATE TABLE notes (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    author_id     BIGINT NOT NULL REFERENCES staff (id),
    body          TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX notes_submission ON notes (submission_id);

CREATE TABLE submission_themes (
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    theme         TEXT NOT NULL,
    PRIMARY KEY (submission_id, theme)
);
CREATE INDEX submission_themes_theme ON submission_themes (theme);

-- Append-only from the application's point of view: nothing updates or deletes rows here.
-- `reference` is kept as text so the trail outlives an erased submission.
CREATE TABLE audit_log (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    actor_id    BIGINT REFERENCES staff (id),
    actor_email TEXT,
    action      TEXT NOT NULL,
    reference   TEXT,
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_reference ON audit_log (reference);
