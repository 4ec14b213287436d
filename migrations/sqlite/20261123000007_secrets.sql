-- Keys the portal makes for itself at first start and shares between its servers (through
-- the database), such as the one that signs the feedback form's start time.
CREATE TABLE site_secrets (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
