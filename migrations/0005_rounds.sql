-- Survey rounds: one questionnaire version sent to a set of units, and the
-- units' answers.

CREATE TABLE round (
    id                        TEXT PRIMARY KEY,
    name                      TEXT NOT NULL,
    questionnaire_version_id  TEXT NOT NULL REFERENCES questionnaire_version (id),
    -- 'utkast' (links do not open yet), 'oppen', 'stangd'.
    status                    TEXT NOT NULL CHECK (status IN ('utkast', 'oppen', 'stangd')),
    -- Answers are accepted from opens_at (if set) until closes_at, while open.
    opens_at                  BIGINT,
    closes_at                 BIGINT NOT NULL,
    created_by                TEXT REFERENCES app_user (id) ON DELETE SET NULL,
    created_at                BIGINT NOT NULL,
    updated_at                BIGINT NOT NULL
);

-- The municipalities a round covers; decides who may see and change it.
CREATE TABLE round_municipality (
    round_id         TEXT NOT NULL REFERENCES round (id) ON DELETE CASCADE,
    municipality_id  TEXT NOT NULL REFERENCES municipality (id),
    PRIMARY KEY (round_id, municipality_id)
);

-- A target unit of a round, with its personal answer link.
CREATE TABLE round_unit (
    id               TEXT PRIMARY KEY,
    round_id         TEXT NOT NULL REFERENCES round (id) ON DELETE CASCADE,
    unit_id          TEXT NOT NULL REFERENCES unit (id),
    -- The secret of the link /s/TOKEN: 256 random bits. Kept readable because
    -- the coordinator copies it and e-mails carry it; NULL when revoked.
    token            TEXT UNIQUE,
    token_created_at BIGINT NOT NULL,
    first_opened_at  BIGINT,
    last_activity_at BIGINT,
    created_at       BIGINT NOT NULL,
    UNIQUE (round_id, unit_id)
);

CREATE INDEX round_unit_by_round ON round_unit (round_id);

-- The answers of one target unit. `answers` is the working copy (JSON of
-- app/src/questionnaire/model.rs Answers); `submitted_answers` is what was
-- last submitted, the copy the analysis reads.
CREATE TABLE response (
    round_unit_id       TEXT PRIMARY KEY REFERENCES round_unit (id) ON DELETE CASCADE,
    answers             TEXT NOT NULL,
    -- Grows by one with every saved change; a save based on an older revision
    -- is merged question by question, never overwriting unseen changes.
    revision            BIGINT NOT NULL,
    submitted_answers   TEXT,
    submitted_revision  BIGINT,
    submitted_at        BIGINT,
    updated_at          BIGINT NOT NULL
);

-- Every saved revision of every response, drafts and submissions alike.
CREATE TABLE response_revision (
    round_unit_id  TEXT NOT NULL REFERENCES round_unit (id) ON DELETE CASCADE,
    revision       BIGINT NOT NULL,
    answers        TEXT NOT NULL,
    submitted      INTEGER NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (round_unit_id, revision)
);
