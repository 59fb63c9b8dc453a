-- phone_digits was UNIQUE on the column, so every visitor without a phone number (most web visitors) still put a
-- NULL entry into its index, an index insert the single SQLite writer paid on each registration
-- (docs/performance.md, "Eleventh session"). The unique index now holds numbers only; lookups by number use it
-- as before (they imply NOT NULL), and two visitors still cannot share a number.
--
-- SQLite cannot drop an inline UNIQUE, so visitors is rebuilt. Dropping it with foreign keys on would check
-- external_ids' references, and foreign keys cannot be switched off inside Flyway's transaction; so external_ids
-- is set aside as a plain copy, visitors is swapped, and external_ids is created again with its reference and
-- filled, which checks every row against the new table. All of it is one transaction: a failure or kill leaves
-- the store as it was.
--
-- Refilling external_ids checks each row's visitor; a store edited with foreign keys off (the sqlite3 shell's
-- default) may hold rows whose visitor is gone. This check names that case instead of a bare constraint error.
CREATE TABLE v5_check (
    orphaned_external_ids INTEGER
        CONSTRAINT "external_ids rows refer to deleted visitors: see docs/operations.md, Upgrading"
        CHECK (orphaned_external_ids = 0)
);
INSERT INTO v5_check
    SELECT count(*) FROM external_ids e WHERE NOT EXISTS (SELECT 1 FROM visitors v WHERE v.id = e.visitor_id);
DROP TABLE v5_check;

CREATE TABLE visitors_rebuilt (
    id            TEXT    NOT NULL PRIMARY KEY,
    token         TEXT    UNIQUE,               -- NULL once erased; one live visitor per token
    username      TEXT,
    name          TEXT,
    email         TEXT,                         -- trimmed, lower-cased
    phone         TEXT,                         -- verbatim, as the client sent it
    phone_digits  TEXT,                         -- what phones are matched on; one visitor per number (below)
    department    TEXT,
    status        TEXT,
    livechat_data TEXT,
    ts            INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    erased_at     INTEGER
);
INSERT INTO visitors_rebuilt (id, token, username, name, email, phone, phone_digits, department, status,
                              livechat_data, ts, updated_at, erased_at)
    SELECT id, token, username, name, email, phone, phone_digits, department, status, livechat_data, ts,
           updated_at, erased_at
    FROM visitors;
CREATE TABLE external_ids_aside AS SELECT app_id, entity_id, visitor_id, metadata, created_at FROM external_ids;
DROP TABLE external_ids;
DROP TABLE visitors;
ALTER TABLE visitors_rebuilt RENAME TO visitors;
CREATE UNIQUE INDEX visitors_phone_digits ON visitors (phone_digits) WHERE phone_digits IS NOT NULL;
CREATE INDEX visitors_email ON visitors (email);

CREATE TABLE external_ids (
    app_id     TEXT    NOT NULL,
    entity_id  TEXT    NOT NULL,
    visitor_id TEXT    NOT NULL REFERENCES visitors (id),
    metadata   TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (app_id, entity_id)
);
INSERT INTO external_ids (app_id, entity_id, visitor_id, metadata, created_at)
    SELECT app_id, entity_id, visitor_id, metadata, created_at FROM external_ids_aside;
DROP TABLE external_ids_aside;
CREATE INDEX external_ids_visitor ON external_ids (visitor_id);
CREATE INDEX external_ids_entity ON external_ids (entity_id);
