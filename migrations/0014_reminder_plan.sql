-- A round's reminder plan (app/src/mail/plan.rs): reminders that go by
-- themselves before the last day, through the mail queue. At most one plan
-- per round. Portable SQL like 0007_mail.sql.
CREATE TABLE reminder_plan (
    round_id      TEXT PRIMARY KEY REFERENCES round (id) ON DELETE CASCADE,
    -- 1: the scheduler sends it; 0: kept, but switched off.
    enabled       INTEGER NOT NULL,
    -- The steps as comma-separated keys, days before the last day: '14d,7d,2d,0d'
    -- (0d: the morning of the last day).
    steps         TEXT NOT NULL,
    audience      TEXT NOT NULL CHECK (audience IN ('ej_inskickade', 'inget')),
    max_per_unit  INTEGER NOT NULL,
    -- When the plan was last saved: a step due before that is not sent late.
    since         BIGINT NOT NULL,
    updated_by    TEXT REFERENCES app_user (id) ON DELETE SET NULL,
    updated_at    BIGINT NOT NULL
);

-- The steps the scheduler has run, one row per round and step, written after
-- the step's mails were queued. Which unit got which step is in mail_job:
-- the dedupe key 'plan:{round}:{step}:{target}:{email}' queues nothing
-- twice, also when a run is repeated after a crash or by a second instance.
CREATE TABLE reminder_plan_run (
    round_id  TEXT NOT NULL REFERENCES round (id) ON DELETE CASCADE,
    step      TEXT NOT NULL,
    due_at    BIGINT NOT NULL,
    ran_at    BIGINT NOT NULL,
    -- How many mails the run queued.
    queued    INTEGER NOT NULL,
    PRIMARY KEY (round_id, step)
);
