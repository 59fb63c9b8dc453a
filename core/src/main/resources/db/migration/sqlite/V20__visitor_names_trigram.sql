-- visitors.search's "name or username contains the term", served by an index: an FTS5 table with the trigram
-- tokenizer over lower(name) and lower(username) (case-sensitive over lowered text: exactly the matches of
-- lower(x) LIKE '%term%'), contentless (it holds trigrams, not the text), keyed by visitors' rowid (visitors are
-- never deleted, so rowids only grow).
--
-- Registrations do not write it: triggers on every insert cost the single writer 40-170 us of CPU per registration
-- in commits of 50 (docs/performance.md). store.VisitorNameIndex adds new visitors after the fact, on the writer,
-- 2,000 rows a transaction (~3 us a row), and records in visitor_names_state.up_to the last rowid it covers; a
-- search matches rows up to it through the index and scans the few after it. Only a change of an indexed
-- visitor's name or username (a re-registration under a new name, an erasure) is written at once, by the trigger
-- below, so an erased visitor's name leaves the index in the erasing transaction.
CREATE VIRTUAL TABLE visitor_names USING fts5(name, username, content = '', tokenize = 'trigram case_sensitive 1');
-- Merge 16 segments of a level at a time, not 4: each trigram is rewritten about half as often as the index grows
-- (indexing 60,000 visitors into 1,000,000: 3.5 us a visitor against 5.6), and a lookup reads a few more segments
-- (still ~1 ms).
INSERT INTO visitor_names (visitor_names, rank) VALUES ('automerge', 16);

CREATE TABLE visitor_names_state (
    only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
    up_to INTEGER NOT NULL
);
INSERT INTO visitor_names_state (only_row, up_to) VALUES (1, 0);

CREATE TRIGGER visitor_names_update AFTER UPDATE OF name, username ON visitors
    WHEN (old.name IS NOT new.name OR old.username IS NOT new.username)
        AND old.rowid <= (SELECT up_to FROM visitor_names_state)
BEGIN
    INSERT INTO visitor_names (visitor_names, rowid, name, username)
        VALUES ('delete', old.rowid, lower(old.name), lower(old.username));
    INSERT INTO visitor_names (rowid, name, username) VALUES (new.rowid, lower(new.name), lower(new.username));
END;
