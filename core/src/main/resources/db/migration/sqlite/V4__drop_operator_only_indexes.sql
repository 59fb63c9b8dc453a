-- The single SQLite writer pays for every index on visitors with every registration (docs/performance.md,
-- "Eleventh session"). These two served operators only, never a registration: pages sorted by username or name,
-- and autocomplete by name (which walked the name index in order, so only terms whose names come early were
-- fast). Those now scan and sort, as pages in the default order (ts) always have: on 1,000,000 visitors about
-- half a second each. SQLite is the embedded store; PostgreSQL, for large deployments, keeps both indexes.
DROP INDEX visitors_username;
DROP INDEX visitors_name;
