-- Personal answer links at rest: a copy of the database alone must not open
-- any unit's answers.
--
-- token_hash:   SHA-256 (hex) of the link's secret; links are looked up by it,
--               as sessions and password links are.
-- token_sealed: the secret itself, sealed with XChaCha20-Poly1305 under the
--               link key, which is kept outside the database (a key file or
--               NULAGE_LINK_KEY; docs/DEPLOYMENT.md). Stored as base64 of
--               nonce || ciphertext, with the row's id as associated data.
--               The round page, the mails and the mail-merge file unseal it.
-- Both are NULL when the link is revoked.
--
-- The old plain column `token` stays (SQLite cannot drop a UNIQUE column
-- without rebuilding the table), but is never written again: the server
-- moves every remaining plain token into these columns at start, in Rust,
-- where the key is (app/src/db/rounds.rs, seal_plain_links), and clears it.
ALTER TABLE round_unit ADD COLUMN token_hash TEXT;
ALTER TABLE round_unit ADD COLUMN token_sealed TEXT;

CREATE UNIQUE INDEX round_unit_by_token_hash ON round_unit (token_hash);
