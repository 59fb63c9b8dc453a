-- visitors.search's "name or username contains the term" (case-insensitive), served by an index: pg_trgm's GIN
-- indexes on lower(name) and lower(username) answer lower(x) LIKE '%term%' for terms of 3 or more characters.
-- pg_trgm ships with Debian's postgresql package and is a trusted extension (PostgreSQL 13+): the database's owner
-- may create it without superuser rights. GIN's pending list (fastupdate, the default) keeps registrations cheap.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX visitors_name_trgm ON visitors USING gin (lower(name) gin_trgm_ops);
CREATE INDEX visitors_username_trgm ON visitors USING gin (lower(username) gin_trgm_ops);
