-- Every field Rocket.Chat's ILivechatDepartment stores (docs/operator-api.md, "Departments"), and the
-- department's agents (rocketchat_livechat_department_agents). Fields Rocket.Chat accepts beyond its typed ones
-- (maxNumberSimultaneousChat, offlineMessageChannelName, waitingQueueMessage, ...) keep their JSON types in
-- extra_fields.
ALTER TABLE departments ADD COLUMN show_on_offline_form BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE departments ADD COLUMN request_tag_before_closing_chat BOOLEAN;
ALTER TABLE departments ADD COLUMN chat_closing_tags JSONB;                -- JSON array of strings
ALTER TABLE departments ADD COLUMN fallback_forward_department TEXT;   -- a department id; unset when it is removed
ALTER TABLE departments ADD COLUMN departments_allowed_to_forward JSONB;   -- JSON array of department ids
ALTER TABLE departments ADD COLUMN allow_receive_forward_offline BOOLEAN;
ALTER TABLE departments ADD COLUMN extra_fields JSONB;                     -- JSON object: string, integer or boolean values

CREATE TABLE department_agents (
    id            TEXT    NOT NULL UNIQUE,
    department_id TEXT    NOT NULL,
    agent_id      TEXT    NOT NULL,
    username      TEXT    NOT NULL,
    chat_count    INTEGER NOT NULL DEFAULT 0,
    sort_order    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (department_id, agent_id)
);
