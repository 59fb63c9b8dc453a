-- Secrets at rest (issue 26): app setting values are encrypted with the operator's key (AES-256-GCM). This row
-- holds a known text sealed with that key, so a start with another key fails at once with a clear message
-- instead of writing values no other node can read. The host writes it on its first start with encryption, in
-- the same transaction that encrypts the values earlier versions stored in plain text (AppConfigStore.checkSecrets).
CREATE TABLE secret_key_check (
    id     INTEGER NOT NULL PRIMARY KEY,
    sealed TEXT    NOT NULL
);
