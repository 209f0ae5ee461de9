-- Questionnaires and their versions. A version's definition is the JSON of
-- app/src/questionnaire/model.rs (the same format as the export).

CREATE TABLE questionnaire (
    id               TEXT PRIMARY KEY,
    -- NULL: shared by every municipality (changed by administrators only);
    -- otherwise it belongs to one municipality and its coordinators.
    municipality_id  TEXT REFERENCES municipality (id),
    -- Set on the questionnaire shipped with the product, so it is added once.
    builtin          TEXT UNIQUE,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    archived_at      BIGINT
);

CREATE TABLE questionnaire_version (
    id                TEXT PRIMARY KEY,
    questionnaire_id  TEXT NOT NULL REFERENCES questionnaire (id),
    number            INTEGER NOT NULL,
    definition        TEXT NOT NULL,
    -- Counts saved changes; a change based on an older count is refused, so
    -- two people editing at once never overwrite each other unnoticed.
    edit_count        BIGINT NOT NULL DEFAULT 0,
    -- Set when a round uses the version; a frozen version never changes again.
    frozen_at         BIGINT,
    created_by        TEXT REFERENCES app_user (id) ON DELETE SET NULL,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    UNIQUE (questionnaire_id, number)
);

CREATE INDEX questionnaire_version_by_questionnaire ON questionnaire_version (questionnaire_id, number);
