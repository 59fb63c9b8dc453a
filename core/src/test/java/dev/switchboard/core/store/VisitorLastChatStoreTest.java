package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static dev.switchboard.core.store.StoreTests.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.conversation.Room;
import dev.switchboard.core.store.JdbcVisitorSearch.Sort;
import dev.switchboard.core.store.JdbcVisitorSearch.SortKey;
import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import dev.switchboard.core.visitor.RegistrationRequest;
import dev.switchboard.core.visitor.Visitor;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The visitor's {@code lastChat} (set when a room opens, cleared on erasure) and {@code visitors.search} sorted by
 * it, on SQLite and PostgreSQL.
 */
class VisitorLastChatStoreTest {
    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);
    private static final List<Sort> NEWEST_CHAT_FIRST = List.of(new Sort(SortKey.LAST_CHAT_TS, false));
    private static final List<Sort> OLDEST_CHAT_FIRST = List.of(new Sort(SortKey.LAST_CHAT_TS, true));

    @StoreTest
    void openingARoomSetsLastChatAndErasureClearsIt(TestDatabase db) throws Exception {
        JdbcVisitorStore visitors = new JdbcVisitorStore(db.database(), Clock.systemUTC());
        JdbcRoomStore rooms = new JdbcRoomStore(db.database(), TestDeskEvents.of(db.database()));
        await(visitors.register(RegistrationRequest.ofToken("t-1"), Durability.SYNCED));
        assertNull(await(visitors.findByToken("t-1")).orElseThrow().lastChat(), "no room yet");

        String first = await(rooms.open("t-1", Room.Source.API, true, false, null, T0)).room().id();
        Visitor opened = await(visitors.findByToken("t-1")).orElseThrow();
        assertEquals(new Visitor.LastChat(first, T0), opened.lastChat());
        assertEquals(T0, opened.updatedAt(), "setting lastChat moves _updatedAt, as Rocket.Chat's updateOne");

        assertFalse(await(rooms.open("t-1", Room.Source.API, true, false, null, T0.plusSeconds(5))).created());
        assertEquals(new Visitor.LastChat(first, T0), await(visitors.findByToken("t-1")).orElseThrow().lastChat(),
                "answering the open room again is no new chat");

        await(rooms.closeByVisitor("t-1", first, "Closed by visitor", T0.plusSeconds(10)));
        String second = await(rooms.open("t-1", Room.Source.API, true, false, null, T0.plusSeconds(20))).room().id();
        assertEquals(new Visitor.LastChat(second, T0.plusSeconds(20)),
                await(visitors.findByToken("t-1")).orElseThrow().lastChat());

        await(visitors.register(new RegistrationRequest("t-1", "Ann", null, null, null, null, List.of()),
                Durability.SYNCED));
        assertEquals(second, await(visitors.findByToken("t-1")).orElseThrow().lastChat().rid(),
                "registering again keeps it");

        String id = await(visitors.findByToken("t-1")).orElseThrow().id();
        await(visitors.eraseByToken("t-1"));
        assertEquals("0", scalar(db.database(),
                "SELECT count(*) FROM visitors WHERE id = ? AND (last_chat_id IS NOT NULL OR last_chat_ts IS NOT NULL)",
                id));
    }

    /** Five visitors: c1..c3 chatted (c2 newest, then c3, then c1), n1 and n2 never did; n1 registered first. */
    private static JdbcVisitorSearch seed(TestDatabase db) throws Exception {
        JdbcVisitorStore visitors = new JdbcVisitorStore(db.database(), Clock.systemUTC());
        JdbcRoomStore rooms = new JdbcRoomStore(db.database(), TestDeskEvents.of(db.database()));
        for (String name : List.of("n1", "c1", "c2", "n2", "c3")) {
            await(visitors.register(new RegistrationRequest("t-" + name, name, null, null, null, null, List.of()),
                    Durability.SYNCED));
            Thread.sleep(2); // ids order by creation time: n1 < c1 < c2 < n2 < c3
        }
        await(rooms.open("t-c1", Room.Source.API, true, false, null, T0));
        await(rooms.open("t-c2", Room.Source.API, true, false, null, T0.plusSeconds(20)));
        await(rooms.open("t-c3", Room.Source.API, true, false, null, T0.plusSeconds(10)));
        return new JdbcVisitorSearch(db.database());
    }

    private static List<String> names(JdbcVisitorSearch search, String term, List<Sort> sort, int offset, int count)
            throws Exception {
        return await(search.search(term, sort, offset, count, JdbcVisitorSearch.EXACT)).items().stream()
                .map(Visitor::name).toList();
    }

    @StoreTest
    void sortsByLastChatAsMongoDbDoesWithVisitorsWithoutAChatLastOrFirst(TestDatabase db) throws Exception {
        JdbcVisitorSearch search = seed(db);
        assertEquals(List.of("c2", "c3", "c1", "n1", "n2"), names(search, "", NEWEST_CHAT_FIRST, 0, 10),
                "descending: newest chat first, visitors without a chat last (ties by _id)");
        assertEquals(List.of("n1", "n2", "c1", "c3", "c2"), names(search, "", OLDEST_CHAT_FIRST, 0, 10),
                "ascending: visitors without a chat first");
        assertEquals(List.of("c1", "n1"), names(search, "", NEWEST_CHAT_FIRST, 2, 2), "a page across the boundary");
        assertEquals(List.of("n2"), names(search, "", NEWEST_CHAT_FIRST, 4, 2));
        assertEquals(List.of(), names(search, "", NEWEST_CHAT_FIRST, 5, 2));
        assertEquals(List.of("c3", "c2"), names(search, "", OLDEST_CHAT_FIRST, 3, 5));
        assertEquals(5, await(search.search("", NEWEST_CHAT_FIRST, 4, 1, JdbcVisitorSearch.EXACT)).total());
        assertEquals(List.of("c3", "c1"), names(search, "c", List.of(new Sort(SortKey.LAST_CHAT_TS, false),
                new Sort(SortKey.NAME, true)), 1, 5), "with a term and a second key");
        assertEquals(List.of("n2", "n1", "c1", "c3", "c2"), names(search, "",
                List.of(new Sort(SortKey.LAST_CHAT_TS, true), new Sort(SortKey.NAME, false)), 0, 10),
                "the second key orders the visitors without a chat");
    }

    @StoreTest
    void lastChatAsALaterKeyPutsVisitorsWithoutAChatWhereMongoDbDoes(TestDatabase db) throws Exception {
        JdbcVisitorSearch search = seed(db);
        List<Sort> byTsThenChat = List.of(new Sort(SortKey.TS, true), new Sort(SortKey.LAST_CHAT_TS, false));
        assertEquals(List.of("n1", "c1", "c2", "n2", "c3"), names(search, "", byTsThenChat, 0, 10),
                "ts first: registration order");
        db.database().transactions().submit(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE visitors SET ts = 1");
            }
            return null;
        }).get(); // every visitor ties on ts: lastChat.ts decides
        assertEquals(List.of("c2", "c3", "c1", "n1", "n2"), names(search, "", byTsThenChat, 0, 10));
        assertEquals(List.of("n1", "n2", "c1", "c3", "c2"), names(search, "",
                List.of(new Sort(SortKey.TS, true), new Sort(SortKey.LAST_CHAT_TS, true)), 0, 10));
    }

    @StoreTest
    void theChattedPartOfTheSearchReadsThePartialIndex(TestDatabase db) throws Exception {
        seed(db);
        String sql = JdbcVisitorSearch.byLastChatSql("erased_at IS NULL", NEWEST_CHAT_FIRST).replace("?", "10");
        String plan = StoreTests.plan(db, sql);
        assertTrue(plan.contains("visitors_last_chat"), plan);
    }
}
