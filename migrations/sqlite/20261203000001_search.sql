-- The inbox search: words of each message and the name given with it, of staff notes and of
-- public replies. External-content FTS5 tables index the text without keeping a copy of it;
-- the triggers keep them in step in the same transaction as every write, retention run and
-- erasure, and `secure-delete` removes an erased text's words from the index itself rather
-- than only hiding them. Letters, digits and combining marks make a word, so Bengali words
-- keep their vowel signs.
CREATE VIRTUAL TABLE submission_words USING fts5(
    message, contact_name, content = 'submissions', content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co Mn Mc'"
);
CREATE VIRTUAL TABLE note_words USING fts5(
    body, content = 'notes', content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co Mn Mc'"
);
CREATE VIRTUAL TABLE reply_words USING fts5(
    body, content = 'public_replies', content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co Mn Mc'"
);
INSERT INTO submission_words (submission_words, rank) VALUES ('secure-delete', 1);
INSERT INTO note_words (note_words, rank) VALUES ('secure-delete', 1);
INSERT INTO reply_words (reply_words, rank) VALUES ('secure-delete', 1);
INSERT INTO submission_words (submission_words) VALUES ('rebuild');
INSERT INTO note_words (note_words) VALUES ('rebuild');
INSERT INTO reply_words (reply_words) VALUES ('rebuild');

CREATE TRIGGER submission_words_insert AFTER INSERT ON submissions BEGIN
    INSERT INTO submission_words (rowid, message, contact_name)
    VALUES (new.id, new.message, new.contact_name);
END;
CREATE TRIGGER submission_words_delete AFTER DELETE ON submissions BEGIN
    INSERT INTO submission_words (submission_words, rowid, message, contact_name)
    VALUES ('delete', old.id, old.message, old.contact_name);
END;
CREATE TRIGGER submission_words_update AFTER UPDATE OF message, contact_name ON submissions BEGIN
    INSERT INTO submission_words (submission_words, rowid, message, contact_name)
    VALUES ('delete', old.id, old.message, old.contact_name);
    INSERT INTO submission_words (rowid, message, contact_name)
    VALUES (new.id, new.message, new.contact_name);
END;

CREATE TRIGGER note_words_insert AFTER INSERT ON notes BEGIN
    INSERT INTO note_words (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER note_words_delete AFTER DELETE ON notes BEGIN
    INSERT INTO note_words (note_words, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER note_words_update AFTER UPDATE OF body ON notes BEGIN
    INSERT INTO note_words (note_words, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO note_words (rowid, body) VALUES (new.id, new.body);
END;

CREATE TRIGGER reply_words_insert AFTER INSERT ON public_replies BEGIN
    INSERT INTO reply_words (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER reply_words_delete AFTER DELETE ON public_replies BEGIN
    INSERT INTO reply_words (reply_words, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER reply_words_update AFTER UPDATE OF body ON public_replies BEGIN
    INSERT INTO reply_words (reply_words, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO reply_words (rowid, body) VALUES (new.id, new.body);
END;

-- Finding a person for a phone call or a rights request: exact, any case for the email.
CREATE INDEX submissions_contact_email ON submissions (LOWER(contact_email)) WHERE contact_email IS NOT NULL;
CREATE INDEX submissions_contact_phone ON submissions (contact_phone) WHERE contact_phone IS NOT NULL;
