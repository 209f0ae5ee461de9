-- Personal API tokens for the read-only data feed (/api/v1/). A token reads
-- what its user may read and nothing else. Only the token's SHA-256 is kept;
-- `hint` is its first characters, so its owner can tell tokens apart.
-- Portable SQL like 0005_rounds.sql.

CREATE TABLE api_token (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    token_hash     TEXT NOT NULL UNIQUE,
    hint           TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    -- NULL: valid until revoked.
    expires_at     BIGINT,
    revoked_at     BIGINT,
    revoked_by     TEXT REFERENCES app_user (id) ON DELETE SET NULL,
    last_used_at   BIGINT,
    -- The Stockholm day (yyyymmdd) of the last use: the first use of a day
    -- is audited, the others are not.
    last_used_day  BIGINT
);

CREATE INDEX api_token_by_user ON api_token (user_id, created_at);
