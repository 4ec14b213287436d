-- The inbox search also finds words residents added from their tracking page, kept in step
-- by triggers in the same transaction as every addition, anonymisation and erasure, like
-- the other full-text tables.
CREATE VIRTUAL TABLE addition_words USING fts5(
    body, content = 'resident_additions', content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co Mn Mc'"
);
INSERT INTO addition_words (addition_words, rank) VALUES ('secure-delete', 1);
INSERT INTO addition_words (addition_words) VALUES ('rebuild');

CREATE TRIGGER addition_words_insert AFTER INSERT ON resident_additions BEGIN
    INSERT INTO addition_words (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER addition_words_delete AFTER DELETE ON resident_additions BEGIN
    INSERT INTO addition_words (addition_words, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER addition_words_update AFTER UPDATE OF body ON resident_additions BEGIN
    INSERT INTO addition_words (addition_words, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO addition_words (rowid, body) VALUES (new.id, new.body);
END;
