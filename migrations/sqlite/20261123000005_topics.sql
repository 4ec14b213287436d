-- Which topics residents can choose. The list itself is fixed in the code (each topic has
-- its words in every language); admins switch topics on and off.
CREATE TABLE topics (
    slug   TEXT PRIMARY KEY,
    active BOOLEAN NOT NULL DEFAULT TRUE
);

INSERT INTO topics (slug) VALUES
    ('housing'), ('money-and-debt'), ('benefits'), ('employment'), ('volunteering'), ('parenting'),
    ('physical-activity'), ('mental-wellbeing'), ('loneliness'), ('caring'), ('other');
