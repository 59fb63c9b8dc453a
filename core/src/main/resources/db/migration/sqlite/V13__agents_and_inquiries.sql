-- Agents' availability and routing counters (Rocket.Chat's statusLivechat: 'available' or 'not-available'; NULL for users who are not
-- agents) and the inquiry queue (rocketchat_livechat_inquiry): one inquiry per room, queued until an agent takes it.
ALTER TABLE users ADD COLUMN status_livechat TEXT;
-- Chats Auto_Selection gave the agent outside departments (Rocket.Chat's livechatCount; department_agents.chat_count
-- counts them per department): the next room goes to the agent with the fewest.
ALTER TABLE users ADD COLUMN livechat_count INTEGER NOT NULL DEFAULT 0;
UPDATE users SET status_livechat = 'available' WHERE (',' || roles || ',') LIKE '%,agent,%';

CREATE TABLE inquiries (
    id            TEXT    NOT NULL PRIMARY KEY,
    rid           TEXT    NOT NULL UNIQUE REFERENCES rooms (id),  -- one inquiry per room, held by the database
    status        TEXT    NOT NULL,                               -- queued | taken
    department_id TEXT,
    ts            INTEGER  NOT NULL,
    taken_at      INTEGER,
    taken_by_id   TEXT,
    updated_at    INTEGER  NOT NULL
);
CREATE INDEX inquiries_queue ON inquiries (status, ts);
