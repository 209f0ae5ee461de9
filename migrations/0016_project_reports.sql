-- Projects reported between rounds: every unit may have one standing link
-- (/projekt/rapportera/TOKEN) through which its contact reports a new or
-- finished project at any time, with the sub-questions of the
-- questionnaire's project group. Portable SQL like 0005_rounds.sql.

-- The unit's standing link, stored like a round's personal links
-- (0010_link_hashes.sql): the SHA-256 (hex) of the secret for lookups, and
-- the secret sealed with the link key (associated data 'rapport:' and the
-- unit's id) for showing it. Both are NULL, and revoked_at is set, when the
-- link is revoked.
CREATE TABLE unit_report_link (
    unit_id       TEXT PRIMARY KEY REFERENCES unit (id) ON DELETE CASCADE,
    token_hash    TEXT UNIQUE,
    token_sealed  TEXT,
    created_at    BIGINT NOT NULL,
    revoked_at    BIGINT
);

-- One project as reported through a unit's standing link. `answers` is the
-- JSON of one item of the project group (app/src/questionnaire/model.rs
-- Answers: {"namn": "…", "status": "pagaende", …}), checked against the
-- group of `questionnaire_version_id` (NULL: the shipped questionnaire's).
CREATE TABLE reported_project (
    id                        TEXT PRIMARY KEY,
    unit_id                   TEXT NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
    questionnaire_version_id  TEXT REFERENCES questionnaire_version (id) ON DELETE SET NULL,
    answers                   TEXT NOT NULL,
    -- The name the person gave, if any.
    reported_by               TEXT NOT NULL DEFAULT '',
    reported_at               BIGINT NOT NULL,
    -- Changed when the project is reported finished.
    updated_at                BIGINT NOT NULL
);

CREATE INDEX reported_project_by_unit ON reported_project (unit_id, reported_at);
