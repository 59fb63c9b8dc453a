-- Nothing to do on PostgreSQL: SQLite's V28 tunes the merges of its FTS5 trigram index; PostgreSQL's pg_trgm GIN
-- indexes (V20) have none of that kind. This file keeps both folders' version numbers meaning the same.
SELECT 1;
