package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static dev.switchboard.core.store.StoreTests.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.auth.Role;
import dev.switchboard.core.auth.User;
import dev.switchboard.core.conversation.Message;
import dev.switchboard.core.conversation.Room;
import dev.switchboard.core.conversation.RoomFilter;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.JdbcMessageStore.AgentSent;
import dev.switchboard.core.store.JdbcMessageStore.Sent;
import dev.switchboard.core.store.JdbcMessageStore.UserSender;
import dev.switchboard.core.store.JdbcRoomStore.Opened;
import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import dev.switchboard.core.visitor.RegistrationRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Rooms and messages ({@link JdbcRoomStore}, {@link JdbcMessageStore}) on SQLite and PostgreSQL. */
class ConversationStoreTest {
    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);

    private static void register(TestDatabase db, String token) throws Exception {
        JdbcVisitorStore visitors = new JdbcVisitorStore(db.database(), Clock.systemUTC());
        await(visitors.register(RegistrationRequest.ofToken(token), Durability.SYNCED));
    }

    private static JdbcRoomStore rooms(TestDatabase db) {
        return new JdbcRoomStore(db.database(), TestDeskEvents.of(db.database()));
    }

    private static JdbcMessageStore messages(TestDatabase db) {
        return new JdbcMessageStore(db.database(), TestDeskEvents.of(db.database()));
    }

    /** Opens an API room for the visitor of {@code token} at {@code at}, with no agent online or asked for. */
    private static String openRoom(JdbcRoomStore rooms, String token, Instant at) throws Exception {
        return await(rooms.open(token, Room.Source.API, true, false, null, at)).room().id();
    }

    /** Registers a visitor with {@code token} and opens its room at {@link #T0}; answers the room's id. */
    private static String visitorWithRoom(TestDatabase db, JdbcRoomStore rooms, String token) throws Exception {
        register(db, token);
        return openRoom(rooms, token, T0);
    }

    /** The visitor of {@code token} sends messages 1 to {@code count}: id {@code idPrefix + i}, "m" + i, at i s. */
    private static void sendNumbered(JdbcMessageStore messages, String token, String rid, String idPrefix, int count)
            throws Exception {
        for (int i = 1; i <= count; i++) {
            await(messages.sendAsVisitor(token, rid, idPrefix + i, "m" + i, T0.plusSeconds(i)));
        }
    }

    @StoreTest
    void concurrentOpensOfOneVisitorMakeOneRoom(TestDatabase db) throws Exception {
        register(db, "tok-race");
        JdbcRoomStore rooms = rooms(db);
        List<CompletableFuture<Opened>> calls = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            calls.add(rooms.open("tok-race", Room.Source.API, true, false, null, T0));
        }
        Set<String> ids = new HashSet<>();
        int created = 0;
        for (CompletableFuture<Opened> call : calls) {
            Opened opened = await(call);
            ids.add(opened.room().id());
            created += opened.created() ? 1 : 0;
        }
        assertEquals(1, ids.size());
        assertEquals(1, created);
        assertEquals("1", scalar(db.database(), "SELECT count(*) FROM rooms"));
        assertEquals("1", scalar(db.database(), "SELECT count(*) FROM messages WHERE t = 'livechat-started'"));
    }

    @StoreTest
    void withoutAcceptingChatsWithNoAgentsARoomNeedsALoggedInAgent(TestDatabase db) throws Exception {
        register(db, "tok-wait");
        JdbcRoomStore rooms = rooms(db);
        ApiError refused = assertThrows(ApiError.class,
                () -> await(rooms.open("tok-wait", Room.Source.API, false, false, null, T0)));
        assertEquals("Sorry, no online agents [no-agent-online]", refused.getMessage());
        JdbcUserStore users = new JdbcUserStore(db.database());
        await(users.create(new User("u-mgr", "mgr", null, null,
                List.of(Role.MANAGER), T0, T0), null));
        await(users.addLoginToken("u-mgr", "a".repeat(64), T0));
        assertThrows(ApiError.class, () -> await(rooms.open("tok-wait", Room.Source.API, false, false, null, T0)),
                "a manager is not an agent");
        await(users.create(new User("u-agent", "agent-1", null, null,
                List.of(Role.MANAGER, Role.AGENT), T0, T0), null));
        await(users.addLoginToken("u-agent", "b".repeat(64), T0));
        Opened opened = await(rooms.open("tok-wait", Room.Source.API, false, false, "u-agent", T0));
        assertTrue(opened.created());
        // The asked-for agent is online: it serves the room at once, and the messages say so.
        assertEquals("u-agent", opened.room().servedBy().id());
        assertEquals("agent-1", opened.agent().username());
        assertEquals(List.of("command", "uj"), opened.joined().stream().map(Message::type).toList());
        register(db, "tok-other");
        Opened unserved = await(rooms.open("tok-other", Room.Source.API, true, false, "u-mgr", T0));
        assertEquals(null, unserved.room().servedBy(), "a manager without the agent role takes no room");
        assertEquals(List.of(), unserved.joined());
    }

    @StoreTest
    void theDatabaseRefusesASecondOpenRoom(TestDatabase db) throws Exception {
        String rid = visitorWithRoom(db, rooms(db), "tok-one");
        // Bypassing the store: the partial unique index itself holds the rule.
        Exception refused = assertThrows(Exception.class, () -> await(db.database().transactions().submit(
                connection -> {
                    try (var statement = connection.prepareStatement("INSERT INTO rooms (id, visitor_id, "
                            + "visitor_token, open, source_type, ts, updated_at) SELECT 'second', visitor_id, "
                            + "visitor_token, open, source_type, ts, updated_at FROM rooms WHERE id = ?")) {
                        statement.setString(1, rid);
                        return statement.executeUpdate();
                    }
                })));
        assertTrue(refused.toString().toLowerCase().contains("unique"), refused.toString());
    }

    @StoreTest
    void sendsAreIdempotentByIdAndForeignIdsAreRefused(TestDatabase db) throws Exception {
        JdbcRoomStore rooms = rooms(db);
        JdbcMessageStore messages = messages(db);
        String ridA = visitorWithRoom(db, rooms, "tok-a");
        String ridB = visitorWithRoom(db, rooms, "tok-b");

        Sent first = await(messages.sendAsVisitor("tok-a", ridA, "m-1", "hello", T0.plusSeconds(1)));
        Sent retry = await(messages.sendAsVisitor("tok-a", ridA, "m-1", "hello", T0.plusSeconds(2)));
        assertTrue(first.created());
        assertFalse(retry.created());
        assertEquals(first.message(), retry.message());
        ApiError taken = assertThrows(ApiError.class,
                () -> await(messages.sendAsVisitor("tok-b", ridB, "m-1", "hijack", T0.plusSeconds(3))));
        assertEquals("error-message-id-taken", taken.errorType());
        assertEquals("hello", scalar(db.database(), "SELECT msg FROM messages WHERE id = 'm-1'"));
        // msgs counts the start message and one send, not the retry
        assertEquals("2", scalar(db.database(), "SELECT msgs FROM rooms WHERE id = ?", ridA));
        ApiError foreignRoom = assertThrows(ApiError.class,
                () -> await(messages.sendAsVisitor("tok-b", ridA, "m-2", "x", T0)));
        assertEquals("invalid-room", foreignRoom.getMessage());
    }

    @StoreTest
    void historySyncAndDeletion(TestDatabase db) throws Exception {
        JdbcMessageStore messages = messages(db);
        String rid = visitorWithRoom(db, rooms(db), "tok-h");
        sendNumbered(messages, "tok-h", rid, "h-", 5);
        List<Message> page = await(messages.history("tok-h", rid, null, 1, 2)).messages();
        assertEquals(List.of("h-4", "h-3"), page.stream().map(Message::id).toList());
        List<Message> before = await(messages.history("tok-h", rid, T0.plusSeconds(3), 0, 10)).messages();
        assertEquals(List.of("h-2", "h-1"), before.stream().map(Message::id).toList().subList(0, 2));

        await(messages.deleteAsVisitor("tok-h", rid, "h-2", T0.plusSeconds(10)));
        await(messages.editAsVisitor("tok-h", rid, "h-3", "edited", T0.plusSeconds(11)));
        JdbcMessageStore.Sync sync = await(messages.sync(rid, T0.plusSeconds(9)));
        assertEquals(List.of("h-3"), sync.updated().stream().map(Message::id).toList());
        assertEquals("edited", sync.updated().get(0).msg());
        assertEquals(List.of("h-2"), sync.deleted().stream().map(Message::id).toList());
        assertEquals("", scalar(db.database(), "SELECT msg FROM messages WHERE id = 'h-2'"));
    }

    /**
     * Sync merges the messages unchanged since sent (found by ts) with the changed ones (found through
     * messages_changed), in one order and one limit, whichever part a page's rows come from.
     */
    @StoreTest
    void syncMergesUnchangedAndChangedMessagesInOrderAndWithinTheLimit(TestDatabase db) throws Exception {
        JdbcMessageStore messages = messages(db);
        String rid = visitorWithRoom(db, rooms(db), "tok-m");
        sendNumbered(messages, "tok-m", rid, "s-", 6);
        // Changed at 20 and 21 s: updated_at past ts. s-5 and s-6 stay as sent (updated_at = ts, 5 and 6 s).
        await(messages.editAsVisitor("tok-m", rid, "s-1", "edited", T0.plusSeconds(20)));
        await(messages.deleteAsVisitor("tok-m", rid, "s-2", T0.plusSeconds(21)));

        List<String> forward = ids(await(messages.syncPage(rid, false, false, T0.plusSeconds(4).toEpochMilli(), 10)));
        assertEquals(List.of("s-5", "s-6", "s-1"), forward, "by updated_at: 5 s, 6 s, then the edit at 20 s");
        assertEquals(List.of("s-5", "s-6"),
                ids(await(messages.syncPage(rid, false, false, T0.plusSeconds(4).toEpochMilli(), 2))));
        assertEquals(List.of("s-1", "s-6"),
                ids(await(messages.syncPage(rid, false, true, T0.plusSeconds(30).toEpochMilli(), 2))),
                "backwards from 30 s: the edit, then the newest unchanged");
        assertEquals(List.of("s-4", "s-3"),
                ids(await(messages.syncPage(rid, false, true, T0.plusSeconds(5).toEpochMilli(), 2))));
        assertEquals(List.of("s-2"), ids(await(messages.syncPage(rid, true, false, T0.toEpochMilli(), 10))));

        JdbcMessageStore.Sync sync = await(messages.sync(rid, T0.plusSeconds(4)));
        assertEquals(List.of("s-6", "s-5", "s-1"), ids(sync.updated()), "newest ts first, from both parts");
        assertEquals(List.of("s-2"), ids(sync.deleted()));
    }

    private static List<String> ids(List<Message> messages) {
        return messages.stream().map(Message::id).toList();
    }

    @StoreTest
    void anAgentTakesAnUnservedRoomOnItsFirstMessage(TestDatabase db) throws Exception {
        JdbcMessageStore messages = messages(db);
        String rid = visitorWithRoom(db, rooms(db), "tok-s");
        UserSender ann = new UserSender("u-ann", "ann", "Ann", false, true);
        UserSender bob = new UserSender("u-bob", "bob", "Bob", false, true);
        AgentSent taken = await(messages.sendAsUser(ann, rid, "a-1", "Hi, I am Ann", T0.plusSeconds(1)));
        assertEquals("u-ann", taken.servedRoom().servedBy().id());
        assertEquals(List.of("command", "uj"), taken.joinMessages().stream().map(Message::type).toList());
        AgentSent again = await(messages.sendAsUser(ann, rid, "a-2", "Still me", T0.plusSeconds(2)));
        assertEquals(null, again.servedRoom());
        ApiError notYours = assertThrows(ApiError.class,
                () -> await(messages.sendAsUser(bob, rid, "b-1", "Me too", T0.plusSeconds(3))));
        assertEquals("error-not-allowed", notYours.getMessage(), "Rocket.Chat's canSendMessage: a plain error");
        assertEquals(null, notYours.errorType());
        UserSender manager = new UserSender("u-boss", "boss", null, true, false);
        assertTrue(await(messages.sendAsUser(manager, rid, "m-1", "Manager here", T0.plusSeconds(4))).created());
        assertEquals("2", scalar(db.database(), "SELECT users_count FROM rooms WHERE id = ?", rid));
    }

    @StoreTest
    void roomListingsFilterAndPage(TestDatabase db) throws Exception {
        JdbcRoomStore rooms = rooms(db);
        JdbcMessageStore messages = messages(db);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            register(db, "tok-l" + i);
            ids.add(openRoom(rooms, "tok-l" + i, T0.plusSeconds(i)));
        }
        await(messages.sendAsUser(new UserSender("u-1", "one", null, false, true), ids.get(1), "x-1", "hi", T0));
        await(rooms.closeByVisitor("tok-l2", ids.get(2), "Closed by visitor", T0.plusSeconds(60)));

        Page<Room> all = await(rooms.list(new RoomFilter(null, null, null, null, null,
                null, null, null), 1, 2));
        assertEquals(4, all.total());
        assertEquals(List.of(ids.get(2), ids.get(1)), all.items().stream().map(Room::id).toList());
        Page<Room> served = await(rooms.list(new RoomFilter(true,
                List.of("u-1", "u-2"), null, null, null, null, null, null), 0, 10));
        assertEquals(List.of(ids.get(1)), served.items().stream().map(Room::id).toList());
        Page<Room> closed = await(rooms.list(new RoomFilter(false, null, null, null,
                null, null, T0.plusSeconds(59), T0.plusSeconds(61)), 0, 10));
        assertEquals(List.of(ids.get(2)), closed.items().stream().map(Room::id).toList());
        assertEquals("visitor", closed.items().get(0).closing().closer());
        Page<Room> early = await(rooms.list(new RoomFilter(null, null, null, null,
                T0, T0.plusSeconds(1), null, null), 0, 10));
        assertEquals(2, early.total());
        // The console's visitor page: one visitor's rooms, open and closed.
        String visitor = closed.items().get(0).visitor().id();
        Page<Room> ofVisitor = await(rooms.list(new RoomFilter(null, null, null, visitor,
                null, null, null, null), 0, 10));
        assertEquals(List.of(ids.get(2)), ofVisitor.items().stream().map(Room::id).toList());
    }

    @StoreTest
    void erasingAVisitorErasesItsRoomsAndMessages(TestDatabase db) throws Exception {
        JdbcRoomStore rooms = rooms(db);
        JdbcMessageStore messages = messages(db);
        String closed = visitorWithRoom(db, rooms, "tok-e");
        await(messages.sendAsVisitor("tok-e", closed, "e-1", "one", T0));
        await(rooms.closeByVisitor("tok-e", closed, "Closed by visitor", T0.plusSeconds(1)));
        String open = openRoom(rooms, "tok-e", T0.plusSeconds(2));
        await(messages.sendAsVisitor("tok-e", open, "e-2", "two", T0.plusSeconds(3)));
        String kept = visitorWithRoom(db, rooms, "tok-keep");

        assertTrue(await(new JdbcVisitorStore(db.database(), Clock.systemUTC()).eraseByToken("tok-e")).isPresent());
        assertEquals("0", scalar(db.database(), "SELECT count(*) FROM rooms WHERE id IN (?, ?)", closed, open));
        assertEquals("0", scalar(db.database(), "SELECT count(*) FROM messages WHERE rid IN (?, ?)", closed, open));
        assertEquals("1", scalar(db.database(), "SELECT count(*) FROM rooms WHERE id = ?", kept));
    }
}
