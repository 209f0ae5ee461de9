-- The plan of a staged registry file (JSON of app::registry::import::ImportPlan),
-- made once when the file is uploaded: the preview pages through it instead
-- of parsing the file on every load. Empty for files staged before this.
ALTER TABLE registry_import ADD COLUMN plan TEXT NOT NULL DEFAULT '';

-- When a mail worker last showed it was running: every worker writes the one
-- row while it works or waits (at most 30 seconds apart), so the e-mail page
-- can warn when none has been heard from while mail is waiting. One row for
-- all instances: any running worker sends the queue's mail.
CREATE TABLE mail_heartbeat (
    id       INTEGER PRIMARY KEY,
    owner    TEXT NOT NULL,
    beat_at  BIGINT NOT NULL
);
