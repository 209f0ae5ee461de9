-- The send rate shared by every server instance: one row holding the moment
-- (Unix milliseconds) from which the next mail may go. A worker reserves the
-- next slot with one upsert, so two instances together keep to --mail-rate.
CREATE TABLE mail_pace (
    id            INTEGER PRIMARY KEY,
    next_slot_ms  BIGINT NOT NULL
);
