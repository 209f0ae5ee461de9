-- Other names a sector (verksamhetsområde) is known by, so that a file or a
-- form that writes it another way still names it. An administrator adds and
-- removes them on the sector page.
--
-- match_key is the alias as app::registry::sector_names::sector_match_key
-- reads it (lower case; "&", "och", "/", "," … separate its parts, sorted):
-- no two aliases may read the same. That an alias does not read as another
-- sector's name or key is checked where aliases are added.
CREATE TABLE sector_alias (
    sector_key  TEXT NOT NULL REFERENCES sector (key) ON DELETE CASCADE,
    alias       TEXT NOT NULL,
    match_key   TEXT NOT NULL UNIQUE,
    PRIMARY KEY (sector_key, alias)
);

-- The glossary's short forms that the rule does not already read as the
-- sector's name: "energi/VA/avfall" (VA is vatten och avlopp, which the rule
-- does not expand). "kultur & fritid" and the other "&" forms read as the
-- names themselves and need no alias.
INSERT INTO sector_alias (sector_key, alias, match_key)
SELECT seed_sector, seed_alias, seed_match_key FROM (
    SELECT 'energi_va_avfall' AS seed_sector, 'energi/VA/avfall' AS seed_alias, 'avfall/energi/va' AS seed_match_key
) AS seed
WHERE EXISTS (SELECT 1 FROM sector WHERE sector.key = seed.seed_sector);
