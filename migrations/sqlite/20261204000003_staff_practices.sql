-- Staff linked to the GP practices and Primary Care Networks they look after: the inbox's
-- "My practices" view shows submissions about those practices (a network stands for every
-- practice in it, including ones added later). Routing rules can name a staff account; its
-- current email address is used, and only while the account is active.
CREATE TABLE staff_practices (
    staff_id    INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    PRIMARY KEY (staff_id, practice_id)
);

CREATE TABLE staff_networks (
    staff_id   INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    network_id INTEGER NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    PRIMARY KEY (staff_id, network_id)
);

ALTER TABLE routing_rules ADD COLUMN staff_id INTEGER REFERENCES staff (id) ON DELETE CASCADE;
