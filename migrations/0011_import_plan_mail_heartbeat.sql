-- The plan of a staged registry file (JSON of app::registry::import::ImportPlan),
-- made once when the file is uploaded: the preview pages through it instead
-- of parsing the file on every load. Empty for files staged before this.
ALTER TABLE registry_import ADD COLUMN plan TEXT NOT NULL DEFAULT '';

