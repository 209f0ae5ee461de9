-- The accessibility statement (tillgänglighetsredogörelse) that the act
-- (2018:1937) on accessibility of digital public services requires, as an
-- administrator keeps it (app/src/statement). One row at most: while there
-- is none, the page shows the text that ships with Nuläge.
-- Portable SQL like 0014_reminder_plan.sql.
CREATE TABLE accessibility_statement (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    -- Who publishes the service, and its name.
    organisation    TEXT NOT NULL,
    service         TEXT NOT NULL,
    -- With the act: helt / delvis / inte förenlig.
    compliance      TEXT NOT NULL CHECK (compliance IN ('helt', 'delvis', 'inte')),
    -- The content that is not accessible, and why: one item per line.
    gaps            TEXT NOT NULL,
    -- The day of the latest assessment (local midnight, unix seconds), if any.
    assessed_on     BIGINT,
    -- egen: self-assessment; extern: an external audit.
    assessment      TEXT NOT NULL CHECK (assessment IN ('egen', 'extern')),
    method          TEXT NOT NULL,
    -- Where to report a problem; empty when not given.
    contact_email   TEXT NOT NULL,
    contact_phone   TEXT NOT NULL,
    reply_time      TEXT NOT NULL,
    updated_by      TEXT REFERENCES app_user (id) ON DELETE SET NULL,
    updated_at      BIGINT NOT NULL
);
