-- Channel apps' conversations (SPI Conversations / ChannelSender): which app and channel message a room message
-- belongs to, and the status of an agent's message the app delivers.
ALTER TABLE messages ADD COLUMN channel_app_id TEXT;          -- the app of the room the message came from or goes to
ALTER TABLE messages ADD COLUMN channel_message_id TEXT;      -- the channel's id (inbound: the app's; outbound: the app's answer)
ALTER TABLE messages ADD COLUMN channel_status TEXT;          -- outbound only: pending | accepted | sent | delivered | read | failed
ALTER TABLE messages ADD COLUMN channel_status_at INTEGER;
ALTER TABLE messages ADD COLUMN channel_error_code TEXT;
ALTER TABLE messages ADD COLUMN channel_error_title TEXT;
ALTER TABLE messages ADD COLUMN channel_error_detail TEXT;
-- One message per channel message id and app: a retried inbound delivery finds the first one, and a receipt its message.
CREATE UNIQUE INDEX messages_channel_id ON messages (channel_app_id, channel_message_id)
    WHERE channel_message_id IS NOT NULL;

-- Agents' messages waiting to be handed to their room's app, written in the transaction that stores the message.
CREATE TABLE channel_outbox (
    message_id      TEXT    NOT NULL PRIMARY KEY REFERENCES messages (id),
    app_id          TEXT    NOT NULL,
    rid             TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER  NOT NULL,     -- due time; while a node hands it over, the end of its lease
    created_at      INTEGER  NOT NULL
);
CREATE INDEX channel_outbox_due ON channel_outbox (next_attempt_at);
CREATE INDEX channel_outbox_room ON channel_outbox (rid, created_at);
