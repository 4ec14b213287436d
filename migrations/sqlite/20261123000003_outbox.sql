-- Every email, written in the same transaction as the change that causes it, then
-- delivered by the outbox worker. Bodies are cleared once a message is sent.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    message_id      TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    submission_id   INTEGER REFERENCES submissions (id) ON DELETE SET NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    locked_until    TEXT,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);

CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- Who is told about a new submission. A rule with neither practice nor topic matches every
-- submission; the default rule (the central triage inbox) is kept in step with
-- PORTAL_TRIAGE_EMAIL at start-up.
CREATE TABLE routing_rules (
    id          INTEGER PRIMARY KEY,
    practice_id INTEGER REFERENCES practices (id) ON DELETE CASCADE,
    topic       TEXT,
    recipient   TEXT NOT NULL,
    description TEXT NOT NULL,
    is_default  BOOLEAN NOT NULL DEFAULT FALSE,
    active      BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE UNIQUE INDEX routing_rules_one_default ON routing_rules (is_default) WHERE is_default;

-- Fictional sample rules: each sample practice's social prescriber, and two topic leads.
INSERT INTO routing_rules (practice_id, topic, recipient, description)
SELECT id, NULL, 'social-prescriber.' || lower(code) || '@example.org', 'Social prescriber at ' || name
FROM practices;

INSERT INTO routing_rules (practice_id, topic, recipient, description) VALUES
    (NULL, 'housing', 'housing-lead@example.org', 'Housing lead (sample)'),
    (NULL, 'mental-wellbeing', 'wellbeing-lead@example.org', 'Mental wellbeing lead (sample)');
