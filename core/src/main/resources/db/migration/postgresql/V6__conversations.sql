-- Conversations: livechat rooms, their messages, offline messages, and agents' login tokens.
CREATE TABLE rooms (
    id                    TEXT    NOT NULL PRIMARY KEY,
    visitor_id            TEXT    NOT NULL REFERENCES visitors (id),
    visitor_token         TEXT    NOT NULL,
    visitor_username      TEXT,
    visitor_status        TEXT,
    fname                 TEXT,
    open                  BOOLEAN NOT NULL,
    department_id         TEXT,
    source_type           TEXT    NOT NULL,
    source_id             TEXT,
    source_alias          TEXT,
    served_by_id          TEXT,
    served_by_username    TEXT,
    served_by_ts          BIGINT,
    msgs                  INTEGER NOT NULL DEFAULT 0,
    users_count           INTEGER NOT NULL DEFAULT 1,
    lm                    BIGINT,
    ts                    BIGINT  NOT NULL,
    updated_at            BIGINT  NOT NULL,
    closed_at             BIGINT,
    closer                TEXT,
    closed_by_id          TEXT,
    closed_by_username    TEXT,
    chat_duration         DOUBLE PRECISION,
    service_time_duration DOUBLE PRECISION
);
-- One open room per visitor, held by the database: a second concurrent open loses on this index.
CREATE UNIQUE INDEX rooms_one_open_per_visitor ON rooms (visitor_id) WHERE open;
CREATE INDEX rooms_visitor ON rooms (visitor_id);
CREATE INDEX rooms_ts ON rooms (ts);

CREATE TABLE messages (
    id                 TEXT    NOT NULL PRIMARY KEY,
    rid                TEXT    NOT NULL REFERENCES rooms (id),
    t                  TEXT,                    -- Rocket.Chat's system message type; NULL for what people wrote
    msg                TEXT    NOT NULL,
    u_id               TEXT    NOT NULL,
    u_username         TEXT,
    u_name             TEXT,
    token              TEXT,                    -- the visitor token on visitors' messages
    extra              TEXT,                    -- further IMessage fields, a JSON object's members
    ts                 BIGINT  NOT NULL,
    updated_at         BIGINT  NOT NULL,
    edited_at          BIGINT,
    edited_by_id       TEXT,
    edited_by_username TEXT,
    deleted_at         BIGINT                   -- set (and msg emptied) when deleted, so sync can report it
);
CREATE INDEX messages_history ON messages (rid, ts);
CREATE INDEX messages_sync ON messages (rid, updated_at);

CREATE TABLE offline_messages (
    id         TEXT    NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    email      TEXT    NOT NULL,
    message    TEXT    NOT NULL,
    department TEXT,
    host       TEXT,
    created_at BIGINT  NOT NULL
);

-- Login tokens (POST /api/v1/login) live beside personal access tokens, as in Rocket.Chat.
ALTER TABLE access_tokens ADD COLUMN kind TEXT NOT NULL DEFAULT 'personal';
