-- Two-factor sign-in. The authenticator secret is sealed with the portal's secret key
-- (never stored in the clear); a secret waits in `totp_pending` until a code confirms it.
-- `totp_last_step` is the 30-second step of the last code accepted: a code of that step or
-- earlier is refused, so a code cannot be used twice.
ALTER TABLE staff ADD COLUMN totp_secret BLOB;
ALTER TABLE staff ADD COLUMN totp_pending BLOB;
ALTER TABLE staff ADD COLUMN totp_enabled_at TEXT;
ALTER TABLE staff ADD COLUMN totp_last_step INTEGER;

-- Single-use recovery codes, stored only as hashes.
CREATE TABLE recovery_codes (
    staff_id  INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    code_hash BLOB NOT NULL,
    used_at   TEXT,
    PRIMARY KEY (staff_id, code_hash)
);

-- Between a right password and a right code: no session exists yet. The cookie holds a
-- random id of which only the hash is kept; a challenge lasts a few minutes.
CREATE TABLE sign_in_challenges (
    id_hash    BLOB PRIMARY KEY,
    staff_id   INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    next       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
