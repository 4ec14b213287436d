-- The inbox search also finds words residents added from their tracking page: a GIN index
-- on their text search vectors, part of the table and so in step with every write.
CREATE INDEX resident_additions_words ON resident_additions USING GIN (to_tsvector('simple', body));
