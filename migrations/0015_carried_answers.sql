-- Rounds that start from an earlier round's answers.
--
-- based_on: the earlier round whose submitted answers prefill this one (NULL:
--           every unit starts from nothing).
ALTER TABLE round ADD COLUMN based_on TEXT REFERENCES round (id) ON DELETE SET NULL;

-- What a target unit starts the round with: its answers submitted to the
-- earlier round, carried into this round's questionnaire
-- (app/src/rounds/carry.rs), and the notes on what could not be carried.
-- The working copy (response) begins as these answers; the analysis compares
-- the submitted answers with them (confirmed unchanged, changed, fresh).
CREATE TABLE carried_response (
    round_unit_id       TEXT PRIMARY KEY REFERENCES round_unit (id) ON DELETE CASCADE,
    from_round_unit_id  TEXT REFERENCES round_unit (id) ON DELETE SET NULL,
    answers             TEXT NOT NULL,
    notes               TEXT NOT NULL,
    -- When the earlier answers were submitted.
    submitted_at        BIGINT NOT NULL,
    created_at          BIGINT NOT NULL
);

-- A part of the questionnaire the respondent confirmed as it stands
-- ("Stämmer fortfarande").
CREATE TABLE confirmed_part (
    round_unit_id  TEXT NOT NULL REFERENCES round_unit (id) ON DELETE CASCADE,
    section_key    TEXT NOT NULL,
    confirmed_at   BIGINT NOT NULL,
    PRIMARY KEY (round_unit_id, section_key)
);
