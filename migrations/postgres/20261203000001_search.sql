-- The inbox search: words of each message and the name given with it, of staff notes and of
-- public replies, through GIN indexes on their text search vectors. An index is part of its
-- table, so it is in step with every write, retention run and erasure in the same
-- transaction. The 'simple' configuration only lower-cases: no English stemming, so English
-- and Bengali are found the same way, and the same as on SQLite.
CREATE INDEX submissions_words ON submissions
    USING GIN (to_tsvector('simple', message || ' ' || COALESCE(contact_name, '')));
CREATE INDEX notes_words ON notes USING GIN (to_tsvector('simple', body));
CREATE INDEX public_replies_words ON public_replies USING GIN (to_tsvector('simple', body));

-- Finding a person for a phone call or a rights request: exact, any case for the email.
CREATE INDEX submissions_contact_email ON submissions (LOWER(contact_email)) WHERE contact_email IS NOT NULL;
CREATE INDEX submissions_contact_phone ON submissions (contact_phone) WHERE contact_phone IS NOT NULL;
