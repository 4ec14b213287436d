-- A kept list of themes. Until now a theme was whatever staff typed, so "damp" and "damp and
-- mould" counted apart. Admins now keep the list, with English and Bengali names; staff pick
-- from it and may suggest a new theme, which waits for an admin.
--
-- `name` is the English name and stays the key in `submission_themes` and `insight_themes`
-- (lower case, as staff's themes always were), so every count already kept still counts.
-- A rename or a merge moves the uses in one transaction, through the roll-up triggers.
--
-- state: 'listed' (offered to staff, counted), 'retired' (no longer offered, still counted
-- for the months it was used), 'waiting' (suggested by staff or left over from free text:
-- attached to submissions but not counted until an admin accepts or merges it).
CREATE TABLE themes (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    name_bn    TEXT NOT NULL DEFAULT '',
    state      TEXT NOT NULL DEFAULT 'listed' CHECK (state IN ('listed', 'retired', 'waiting')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A starting list from what residents raise with social prescribing in Tower Hamlets.
INSERT INTO themes (name, name_bn) VALUES
    ('damp and mould', 'স্যাঁতসেঁতে ও ছত্রাক'),
    ('housing repairs', 'বাড়ি মেরামত'),
    ('overcrowding', 'অতিরিক্ত ভিড়'),
    ('rent arrears', 'বকেয়া ভাড়া'),
    ('cost of living', 'জীবনযাত্রার খরচ'),
    ('food', 'খাবার'),
    ('benefits advice', 'বেনিফিট বিষয়ে পরামর্শ'),
    ('loneliness', 'একাকিত্ব'),
    ('coffee mornings', 'কফি মর্নিং'),
    ('carers support', 'কেয়ারারদের সহায়তা'),
    ('mental health support', 'মানসিক স্বাস্থ্য সহায়তা'),
    ('physical activity', 'শারীরিক কার্যকলাপ'),
    ('gp appointments', 'জিপি অ্যাপয়েন্টমেন্ট'),
    ('waiting times', 'অপেক্ষার সময়'),
    ('interpreters', 'দোভাষী'),
    ('digital access', 'ডিজিটাল সুবিধা'),
    ('transport', 'যাতায়াত'),
    ('english classes', 'ইংরেজি ক্লাস');

-- Free text already given: an exact match has joined its listed theme (the names are the
-- keys); the rest waits for an admin to accept, rename or merge it.
INSERT INTO themes (name, state)
SELECT DISTINCT theme, 'waiting' FROM submission_themes
WHERE theme NOT IN (SELECT name FROM themes);

-- A suggestion no submission carries any more (its submission erased, purged or given other
-- themes) goes: it is staff's free text about that submission.
CREATE FUNCTION themes_waiting_unused() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM submission_themes WHERE theme = OLD.theme) THEN
        DELETE FROM themes WHERE name = OLD.theme AND state = 'waiting';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER themes_waiting_unused AFTER DELETE ON submission_themes
    FOR EACH ROW EXECUTE FUNCTION themes_waiting_unused();
