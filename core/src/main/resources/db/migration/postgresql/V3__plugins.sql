-- Plugin (app) state the host persists: the operator's enable/disable choice, settings, and each app's
-- key-value store.
CREATE TABLE app_status (
    app_id     TEXT   NOT NULL PRIMARY KEY,
    status     TEXT   NOT NULL,             -- manually_enabled | manually_disabled
    updated_at BIGINT NOT NULL
);

CREATE TABLE app_settings (
    app_id     TEXT   NOT NULL,
    setting_id TEXT   NOT NULL,
    value      TEXT   NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (app_id, setting_id)
);

-- Keys compare byte-wise ("C"), as on SQLite, so prefix ranges and ordering agree on both databases.
CREATE TABLE app_kv (
    app_id     TEXT   NOT NULL,
    key        TEXT   COLLATE "C" NOT NULL,
    value      BYTEA  NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (app_id, key)
);
