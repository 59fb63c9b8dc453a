-- Visitors and what registration reads. Times are epoch milliseconds; JSON documents are JSONB.
CREATE TABLE visitors (
    id            TEXT   NOT NULL PRIMARY KEY,
    token         TEXT   UNIQUE,               -- NULL once erased; one live visitor per token
    username      TEXT,
    name          TEXT,
    email         TEXT,                        -- trimmed, lower-cased
    phone         TEXT,                        -- verbatim, as the client sent it
    phone_digits  TEXT   UNIQUE,               -- what phones are matched on; one visitor per number
    department    TEXT,
    status        TEXT,
    livechat_data JSONB,
    ts            BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    erased_at     BIGINT
);
CREATE INDEX visitors_email ON visitors (email);
CREATE INDEX visitors_username ON visitors (username);
CREATE INDEX visitors_name ON visitors (name);

CREATE TABLE external_ids (
    app_id     TEXT   NOT NULL,
    entity_id  TEXT   NOT NULL,
    visitor_id TEXT   NOT NULL REFERENCES visitors (id),
    metadata   JSONB,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (app_id, entity_id)
);
CREATE INDEX external_ids_visitor ON external_ids (visitor_id);
CREATE INDEX external_ids_entity ON external_ids (entity_id);

-- Guest names come from a sequence: unique across nodes without a hot counter row.
CREATE SEQUENCE guest_number START WITH 1;

CREATE TABLE departments (
    id                   TEXT    NOT NULL PRIMARY KEY,
    name                 TEXT    NOT NULL UNIQUE,
    enabled              BOOLEAN NOT NULL DEFAULT TRUE,
    show_on_registration BOOLEAN NOT NULL DEFAULT TRUE,
    email                TEXT,
    description          TEXT,
    updated_at           BIGINT  NOT NULL
);

CREATE TABLE custom_fields (
    id            TEXT    NOT NULL PRIMARY KEY,
    label         TEXT    NOT NULL,
    scope         TEXT    NOT NULL,
    visibility    TEXT    NOT NULL,
    type          TEXT,
    regexp        TEXT,
    required      BOOLEAN NOT NULL DEFAULT FALSE,
    searchable    BOOLEAN NOT NULL DEFAULT FALSE,
    default_value TEXT,
    options       TEXT,
    is_public     BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at    BIGINT  NOT NULL
);
