-- A channel message id is unique per app. Messages without an app (what visitors write through the widget and the
-- API, what agents write) have no channel id, and NULLs never conflict, so the full index held an entry per such
-- message for nothing: each of them paid one more index page. Lookups name the app (channel_app_id = ?), which
-- implies the partial index's condition on both dialects, and ON CONFLICT DO NOTHING still sees the constraint.
DROP INDEX messages_channel_id;
CREATE UNIQUE INDEX messages_channel_id ON messages (channel_app_id, channel_message_id)
    WHERE channel_app_id IS NOT NULL;
