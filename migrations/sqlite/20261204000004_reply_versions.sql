-- Public replies can be edited or withdrawn: the resident's tracking page shows the current
-- text (nothing, once withdrawn); the texts replaced are kept here for staff, and go with
-- the reply when the submission is erased or its texts anonymised. The audit log records
-- who changed which reply and when, without the text (it outlives erasure).
ALTER TABLE public_replies ADD COLUMN edited_at TEXT;
ALTER TABLE public_replies ADD COLUMN withdrawn_at TEXT;

CREATE TABLE public_reply_versions (
    id          INTEGER PRIMARY KEY,
    reply_id    INTEGER NOT NULL REFERENCES public_replies (id) ON DELETE CASCADE,
    body        TEXT NOT NULL,
    replaced_by INTEGER REFERENCES staff (id),
    replaced_at TEXT NOT NULL
);
CREATE INDEX public_reply_versions_reply ON public_reply_versions (reply_id);

-- Reply templates admins keep, in English and Bengali, for staff to start a reply from.
CREATE TABLE reply_templates (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    body_en    TEXT NOT NULL,
    body_bn    TEXT,
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL
);
