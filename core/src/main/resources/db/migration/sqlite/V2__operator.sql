-- Operators and agents: users with roles, and their personal access tokens (stored as SHA-256 hashes only).
CREATE TABLE users (
    id            TEXT    NOT NULL PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE,
    name          TEXT,
    email         TEXT,
    password_hash TEXT,                        -- PBKDF2; no route logs in with it yet
    roles         TEXT    NOT NULL,            -- comma-separated: admin, manager, agent
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE access_tokens (
    user_id    TEXT    NOT NULL REFERENCES users (id),
    name       TEXT    NOT NULL,
    token_hash TEXT    NOT NULL,               -- hex SHA-256 of the token; the token itself is never stored
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, name)
);
