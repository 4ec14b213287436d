-- GP practices and their Primary Care Networks. Seeded with fictional sample data that
-- admins replace with the real list.
CREATE TABLE networks (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE practices (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    network_id INTEGER NOT NULL REFERENCES networks (id),
    active     BOOLEAN NOT NULL DEFAULT TRUE
);

INSERT INTO networks (id, name) VALUES
    (1, 'Sample Network North'),
    (2, 'Sample Network South'),
    (3, 'Sample Network East'),
    (4, 'Sample Network West');

INSERT INTO practices (code, name, network_id) VALUES
    ('SAMPLE01', 'Canal Side Health Centre (sample)', 1),
    ('SAMPLE02', 'Market Street Surgery (sample)', 1),
    ('SAMPLE03', 'Riverside Medical Practice (sample)', 2),
    ('SAMPLE04', 'Dockside Family Practice (sample)', 2),
    ('SAMPLE05', 'Park View Surgery (sample)', 3),
    ('SAMPLE06', 'Old Mill Health Centre (sample)', 3),
    ('SAMPLE07', 'Green Lane Practice (sample)', 4),
    ('SAMPLE08', 'Station Road Surgery (sample)', 4);
