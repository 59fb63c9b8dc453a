-- The users in a livechat room (Rocket.Chat's subscriptions): the agent serving it and users who joined it
-- (room.join). A forward takes everyone but the new agent out; closing the room empties it.
CREATE TABLE room_members (
    rid     TEXT    NOT NULL REFERENCES rooms (id),
    user_id TEXT    NOT NULL,
    ts      BIGINT  NOT NULL,
    PRIMARY KEY (rid, user_id)
);
CREATE INDEX room_members_user ON room_members (user_id);
INSERT INTO room_members (rid, user_id, ts)
    SELECT id, served_by_id, served_by_ts FROM rooms WHERE open AND served_by_id IS NOT NULL;
-- The tags a room was closed with (room.closeByUser, with its department's chatClosingTags): a JSON array of strings.
ALTER TABLE rooms ADD COLUMN tags JSONB;
