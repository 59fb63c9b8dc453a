-- Key-value expiry (SPI 1.4): a row whose expires_at (epoch millis) has passed reads as absent, and writes with
-- an expiry delete a few expired rows of their app, found through this partial index.
ALTER TABLE app_kv ADD COLUMN expires_at INTEGER;
CREATE INDEX app_kv_expiry ON app_kv (app_id, expires_at) WHERE expires_at IS NOT NULL;
