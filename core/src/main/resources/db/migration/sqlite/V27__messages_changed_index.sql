-- chat.syncMessages finds a room's messages changed after a time. A message never changed since it was sent has
-- updated_at = ts, and the history index (rid, ts) finds it; only the others (edited, deleted, given a status, or
-- stored with a channel's own time) need an index by updated_at. Holding only those, it costs a new message nothing,
-- where the full (rid, updated_at) index cost every message one more random index page.
DROP INDEX messages_sync;
CREATE INDEX messages_changed ON messages (rid, updated_at) WHERE updated_at <> ts;
