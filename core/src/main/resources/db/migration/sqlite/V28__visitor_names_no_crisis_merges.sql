-- FTS5 merges a level's segments all at once, inside the writing transaction, when the level holds 'crisismerge'
-- segments (16 by default). V20 set 'automerge', the incremental merge that spreads that work over later writes, to
-- 16 as well, so every merge was a crisis merge: at the higher levels it held the single writer for up to half a
-- second while store.VisitorNameIndex added a slice, and every request that writes waited (scenario 2's p99 went
-- from ~11 ms to 340-620 ms). With the backstop at 64, the incremental merges started at 16 keep the levels short.
INSERT INTO visitor_names (visitor_names, rank) VALUES ('crisismerge', 64);
