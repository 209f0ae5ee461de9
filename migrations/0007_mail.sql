-- E-mail to the units of a round: the templates a coordinator edits, and the
-- outgoing mail, which is both the durable send queue and the log of what was
-- sent to whom. Portable SQL: TEXT ids, BIGINT unix seconds, INTEGER counts.

-- A round's own text for one kind of mail; without a row the built-in
-- Swedish default (app/src/mail/mod.rs) is used.
CREATE TABLE mail_template (
    round_id    TEXT NOT NULL REFERENCES round (id) ON DELETE CASCADE,
    -- 'inbjudan', 'paminnelse' or 'tack'.
    kind        TEXT NOT NULL CHECK (kind IN ('inbjudan', 'paminnelse', 'tack')),
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    updated_by  TEXT REFERENCES app_user (id) ON DELETE SET NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (round_id, kind)
);

-- One message to one recipient, rendered when it was queued.
CREATE TABLE mail_job (
    id               TEXT PRIMARY KEY,
    round_id         TEXT NOT NULL REFERENCES round (id) ON DELETE CASCADE,
    round_unit_id    TEXT NOT NULL REFERENCES round_unit (id) ON DELETE CASCADE,
    kind             TEXT NOT NULL CHECK (kind IN ('inbjudan', 'paminnelse', 'tack')),
    -- Makes queueing idempotent: the send form's batch id with the target and
    -- the address (a double click queues nothing twice), or 'tack:' with the
    -- target and the address (one thank-you per unit and contact, ever).
    dedupe_key       TEXT NOT NULL UNIQUE,
    recipient_name   TEXT NOT NULL,
    recipient        TEXT NOT NULL,
    reply_to         TEXT NOT NULL DEFAULT '',
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    -- queued: waiting; sending: claimed by a worker until lease_until;
    -- sent: the mail server accepted it; retry: a temporary failure, tried
    -- again at next_attempt_at; failed: a permanent failure or too many
    -- attempts; cancelled: stopped by a coordinator, or a reminder to a unit
    -- that submitted meanwhile.
    state            TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'retry', 'failed', 'cancelled')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT NOT NULL,
    lease_owner      TEXT,
    lease_until      BIGINT,
    -- The mail server's last reply (or why there was none).
    last_reply       TEXT NOT NULL DEFAULT '',
    created_by       TEXT REFERENCES app_user (id) ON DELETE SET NULL,
    created_at       BIGINT NOT NULL,
    sent_at          BIGINT,
    updated_at       BIGINT NOT NULL
);

-- The worker looks for due work by state and time.
CREATE INDEX mail_job_due ON mail_job (state, next_attempt_at);
CREATE INDEX mail_job_by_round ON mail_job (round_id);
CREATE INDEX mail_job_by_target ON mail_job (round_unit_id);
