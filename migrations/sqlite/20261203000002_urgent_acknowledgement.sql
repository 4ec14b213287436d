-- "I have seen this" on an urgent item, and the one reminder to the safeguarding contact
-- when nobody has said so in time (PORTAL_URGENT_ACK_MINUTES).
ALTER TABLE submissions ADD COLUMN urgent_seen_by INTEGER REFERENCES staff (id);
ALTER TABLE submissions ADD COLUMN urgent_seen_at TEXT;
ALTER TABLE submissions ADD COLUMN urgent_escalated_at TEXT;
-- Items the escalation check looks at: urgent, unseen, not yet escalated. Small by nature.
CREATE INDEX submissions_urgent_unseen ON submissions (created_at)
    WHERE priority = 'urgent' AND urgent_seen_at IS NULL AND urgent_escalated_at IS NULL;
