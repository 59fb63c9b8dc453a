-- Omnichannel webhooks out (docs/desks.md, "Webhooks"). Each event is written here in the transaction of the change
-- that caused it, and deleted once the desk's receiver took it; an event the host gave up on stays as 'dead'.
-- seq orders a lane's events: a lane is a room (or one offline message), and its events go out one at a time.
CREATE TABLE webhook_events (
    seq        BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id         TEXT    NOT NULL UNIQUE,                 -- X-Switchboard-Event-Id
    lane       TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    body       TEXT    NOT NULL,                        -- the JSON sent, byte for byte
    queued_at  BIGINT  NOT NULL,                        -- recorded (or replayed): the retry window starts here
    status     TEXT    NOT NULL DEFAULT 'pending',      -- pending | dead
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    dead_at    BIGINT
);
CREATE INDEX webhook_events_lane ON webhook_events (lane, seq);
CREATE INDEX webhook_events_status ON webhook_events (status, seq);

-- One row per lane with pending events: who delivers it (a node's lease) and when its next try is due. pending
-- counts its pending events; the row goes when it reaches 0.
CREATE TABLE webhook_lanes (
    lane            TEXT    NOT NULL PRIMARY KEY,
    pending         INTEGER NOT NULL,
    next_attempt_at BIGINT  NOT NULL,
    lease_owner     TEXT,
    lease_until     BIGINT
);
CREATE INDEX webhook_lanes_due ON webhook_lanes (next_attempt_at);
