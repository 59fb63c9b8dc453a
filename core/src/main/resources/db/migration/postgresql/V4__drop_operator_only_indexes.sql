-- Nothing to do on PostgreSQL: SQLite's V4 dropped visitors_username and visitors_name for its single writer's
-- sake; PostgreSQL's writers run in parallel and keep both. This file keeps both folders' version numbers
-- meaning the same.
SELECT 1;
