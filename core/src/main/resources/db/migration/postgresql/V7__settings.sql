-- Host settings an admin changed (Rocket.Chat's setting ids). A setting without a row has its default, which
-- lives in code (dev.switchboard.core.settings.SettingDefinitions); value is the JSON of the value.
CREATE TABLE settings (
    id         TEXT   NOT NULL PRIMARY KEY,
    value      TEXT   NOT NULL,
    updated_at BIGINT NOT NULL
);
