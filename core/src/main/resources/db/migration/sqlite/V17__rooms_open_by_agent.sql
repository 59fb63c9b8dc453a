-- The console's "my open rooms" (GET livechat/rooms?open=true&agents[]=<me>): its count and its newest-first page
-- read only the agent's open rooms, in ts order, instead of walking every room by ts (100,000 rooms and more).
-- Partial, so closed rooms (most of them) never write it.
CREATE INDEX rooms_open_by_agent ON rooms (served_by_id, ts) WHERE open;
