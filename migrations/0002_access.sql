-- Accounts, sessions, one-time links, login throttling and the audit log.

CREATE TABLE app_user (
    id             TEXT PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE,   -- stored lower-case
    name           TEXT NOT NULL DEFAULT '',
    role           TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'reader')),
    password_hash  TEXT,                   -- NULL until the user has chosen a password
    disabled_at    BIGINT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

-- The municipalities a coordinator or reader works on (administrators see all).
CREATE TABLE user_municipality (
    user_id          TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    municipality_id  TEXT NOT NULL REFERENCES municipality (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, municipality_id)
);

-- Only a SHA-256 of the cookie value is stored, so a copy of the database opens no session.
CREATE TABLE user_session (
    token_hash    TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL
);

CREATE INDEX user_session_by_user ON user_session (user_id);

-- Links for choosing a password: first administrator, invitations, resets.
CREATE TABLE one_time_link (
    token_hash  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL CHECK (purpose IN ('setup', 'invite', 'reset')),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);

CREATE TABLE login_failure (
    id          TEXT PRIMARY KEY,
    email       TEXT NOT NULL,
    client_ip   TEXT NOT NULL,
    at          BIGINT NOT NULL
);

CREATE INDEX login_failure_by_email ON login_failure (email, at);
CREATE INDEX login_failure_by_ip ON login_failure (client_ip, at);

CREATE TABLE audit_event (
    id          TEXT PRIMARY KEY,
    at          BIGINT NOT NULL,
    actor_id    TEXT,
    actor       TEXT NOT NULL DEFAULT '',   -- e-mail (kept if the account goes)
    action      TEXT NOT NULL,
    target      TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',
    client_ip   TEXT NOT NULL DEFAULT ''
);

CREATE INDEX audit_event_by_time ON audit_event (at);
