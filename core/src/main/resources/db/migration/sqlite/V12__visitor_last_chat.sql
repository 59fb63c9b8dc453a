-- Rocket.Chat's visitor.lastChat {_id, ts}: the visitor's latest room and when it opened, set in the
-- transaction that opens the room and cleared when the visitor is erased.
ALTER TABLE visitors ADD COLUMN last_chat_id TEXT;
ALTER TABLE visitors ADD COLUMN last_chat_ts INTEGER;

-- Visitors who chatted before this version: their latest room, as Rocket.Chat would have recorded it.
UPDATE visitors SET
    last_chat_id = (SELECT r.id FROM rooms r WHERE r.visitor_id = visitors.id ORDER BY r.ts DESC, r.id DESC LIMIT 1),
    last_chat_ts = (SELECT max(r.ts) FROM rooms r WHERE r.visitor_id = visitors.id)
WHERE erased_at IS NULL AND EXISTS (SELECT 1 FROM rooms r WHERE r.visitor_id = visitors.id);

-- visitors.search sorted by lastChat.ts. Partial: a registration (no chat yet) writes no entry, so the writer
-- pays only when a room opens; visitors without a chat are read apart (JdbcVisitorSearch).
CREATE INDEX visitors_last_chat ON visitors (last_chat_ts) WHERE last_chat_ts IS NOT NULL;
