-- A registry file waiting for the coordinator to confirm it (or already applied).
CREATE TABLE registry_import (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    file_name   TEXT NOT NULL,
    content     TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    applied_at  BIGINT,
    summary     TEXT NOT NULL DEFAULT ''
);
