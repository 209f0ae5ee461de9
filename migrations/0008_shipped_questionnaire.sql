-- Marks the versions of the questionnaire shipped with the product that the
-- product wrote and nobody has changed since. A newer release brings such a
-- version up to date at start; a version someone edited is left as it is.
ALTER TABLE questionnaire_version ADD COLUMN shipped INTEGER NOT NULL DEFAULT 0;

UPDATE questionnaire_version SET shipped = 1
WHERE created_by IS NULL
  AND edit_count = 0
  AND questionnaire_id IN (SELECT id FROM questionnaire WHERE builtin IS NOT NULL);
