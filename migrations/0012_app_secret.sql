-- Secrets the server makes for itself on first start, shared by every
-- instance on the same database: for now the key that signs the messages a
-- form posted without JavaScript carries back to its page.
CREATE TABLE app_secret (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
