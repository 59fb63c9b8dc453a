-- Nothing to do on PostgreSQL: SQLite's V5 rebuilt visitors so that its phone_digits unique index skips NULLs,
-- for its single writer's sake. This file keeps both folders' version numbers meaning the same.
SELECT 1;
