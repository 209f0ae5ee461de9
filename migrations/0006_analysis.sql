-- The gap rules' thresholds a coordinator chose for a round (JSON of
-- app/src/analysis/thresholds.rs); NULL means the defaults.
ALTER TABLE round ADD COLUMN thresholds TEXT;
