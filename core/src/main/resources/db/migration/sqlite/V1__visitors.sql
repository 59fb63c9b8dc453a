-- Visitors and what registration reads. Times are epoch milliseconds; JSON documents are TEXT.
CREATE TABLE visitors (
    id            TEXT    NOT NULL PRIMARY KEY,
    token         TEXT    UNIQUE,               -- NULL once erased; one live visitor per token
    username      TEXT,
    name          TEXT,
    email         TEXT,                         -- trimmed, lower-cased
    phone         TEXT,                         -- verbatim, as the client sent it
    phone_digits  TEXT    UNIQUE,               -- what phones are matched on; one visitor per number
    department    TEXT,
    status        TEXT,
    livechat_data TEXT,
    ts            INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    erased_at     INTEGER
);
CREATE INDEX visitors_email ON visitors (email);
CREATE INDEX visitors_username ON visitors (username);
CREATE INDEX visitors_name ON visitors (name);

CREATE TABLE external_ids (
    app_id     TEXT    NOT NULL,
    entity_id  TEXT    NOT NULL,
    visitor_id TEXT    NOT NULL REFERENCES visitors (id),
    metadata   TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (app_id, entity_id)
);
CREATE INDEX external_ids_visitor ON external_ids (visitor_id);
CREATE INDEX external_ids_entity ON external_ids (entity_id);

CREATE TABLE counters (
    name  TEXT    NOT NULL PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('guest', 0);

CREATE TABLE departments (
    id                   TEXT    NOT NULL PRIMARY KEY,
    name                 TEXT    NOT NULL UNIQUE,
    enabled              BOOLEAN NOT NULL DEFAULT 1,
    show_on_registration BOOLEAN NOT NULL DEFAULT 1,
    email                TEXT,
    description          TEXT,
    updated_at           INTEGER NOT NULL
);

CREATE TABLE custom_fields (
    id            TEXT    NOT NULL PRIMARY KEY,
    label         TEXT    NOT NULL,
    scope         TEXT    NOT NULL,
    visibility    TEXT    NOT NULL,
    type          TEXT,
    regexp        TEXT,
    required      BOOLEAN NOT NULL DEFAULT 0,
    searchable    BOOLEAN NOT NULL DEFAULT 0,
    default_value TEXT,
    options       TEXT,
    is_public     BOOLEAN NOT NULL DEFAULT 0,
    updated_at    INTEGER NOT NULL
);
