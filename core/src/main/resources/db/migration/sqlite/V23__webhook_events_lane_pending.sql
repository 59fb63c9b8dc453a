-- A lane's next pending events (JdbcWebhookQueue.load: lane = ? AND status = 'pending' ORDER BY seq) are one range
-- of this index. On (lane, seq) alone SQLite's planner, which has no statistics, took webhook_events_status
-- (status, seq) for that query instead: with a backlog of 1,000,000 pending events every lane's load walked all of
-- them, and a drain after an outage all but stopped.
DROP INDEX webhook_events_lane;
CREATE INDEX webhook_events_lane ON webhook_events (lane, status, seq);
