-- The organisation registry: what representation is measured against.
-- Portable SQL: TEXT ids (UUIDs), BIGINT unix-second timestamps, INTEGER 0/1 flags.

CREATE TABLE municipality (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    county      TEXT NOT NULL,
    population  BIGINT,
    notes       TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

-- The municipality's own priority areas, as theme keys of the questionnaire.
CREATE TABLE municipality_priority (
    municipality_id TEXT NOT NULL REFERENCES municipality (id) ON DELETE CASCADE,
    theme           TEXT NOT NULL,
    PRIMARY KEY (municipality_id, theme)
);

-- Sectors (verksamhetsområden); an administrator can add more.
CREATE TABLE sector (
    key       TEXT PRIMARY KEY,
    name_sv   TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    position  INTEGER NOT NULL
);

INSERT INTO sector (key, name_sv, name_en, position) VALUES
    ('kommunledning', 'Kommunledning', 'Municipal management', 10),
    ('utbildning', 'Utbildning', 'Education', 20),
    ('socialtjanst_omsorg', 'Socialtjänst och omsorg', 'Social services and care', 30),
    ('samhallsbyggnad_teknik', 'Samhällsbyggnad och teknik', 'Community planning and technical services', 40),
    ('kultur_fritid', 'Kultur och fritid', 'Culture and leisure', 50),
    ('miljo', 'Miljö', 'Environment', 60),
    ('naringsliv_arbetsmarknad', 'Näringsliv och arbetsmarknad', 'Business and labour market', 70),
    ('energi_va_avfall', 'Energi, vatten och avfall', 'Energy, water and waste', 80),
    ('bostader', 'Bostäder', 'Housing', 90),
    ('raddningstjanst', 'Räddningstjänst', 'Rescue services', 100),
    ('annat', 'Annat', 'Other', 1000);

CREATE TABLE unit (
    id               TEXT PRIMARY KEY,
    municipality_id  TEXT NOT NULL REFERENCES municipality (id),
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('forvaltning', 'bolag', 'annat')),
    sector           TEXT NOT NULL REFERENCES sector (key),
    archived_at      BIGINT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    UNIQUE (municipality_id, name)
);

CREATE INDEX unit_by_municipality ON unit (municipality_id);

CREATE TABLE contact (
    id                TEXT PRIMARY KEY,
    unit_id           TEXT NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    email             TEXT NOT NULL,
    phone             TEXT NOT NULL DEFAULT '',
    role              TEXT NOT NULL DEFAULT '',
    is_international  INTEGER NOT NULL DEFAULT 0,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    UNIQUE (unit_id, email)
);

CREATE INDEX contact_by_unit ON contact (unit_id);
