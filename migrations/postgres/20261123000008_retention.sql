-- The retention job: when an item was closed (or marked spam), and when its contact details
-- were removed and its texts anonymised, so each step runs once.
ALTER TABLE submissions ADD COLUMN closed_at TIMESTAMPTZ;
ALTER TABLE submissions ADD COLUMN contacts_removed_at TIMESTAMPTZ;
ALTER TABLE submissions ADD COLUMN anonymised_at TIMESTAMPTZ;
UPDATE submissions SET closed_at = updated_at WHERE status IN ('closed', 'spam');
CREATE INDEX submissions_closed_at ON submissions (closed_at) WHERE closed_at IS NOT NULL;
