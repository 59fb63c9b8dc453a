-- The single SQLite writer pays for every index on visitors with every registration; this one served only
-- operator pages sorted by username, which now scan and sort as pages sorted by ts (the default) always have.
-- Measured in docs/performance.md ("Eleventh session"). PostgreSQL keeps it: its writers run in parallel.
DROP INDEX visitors_username;
