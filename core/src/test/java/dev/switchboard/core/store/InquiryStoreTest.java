package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static dev.switchboard.core.store.StoreTests.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.core.auth.Role;
import dev.switchboard.core.auth.User;
import dev.switchboard.core.conversation.Message;
import dev.switchboard.core.conversation.Room;
import dev.switchboard.core.desk.Inquiry;
import dev.switchboard.core.store.JdbcInquiryStore.Taken;
import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import dev.switchboard.core.visitor.RegistrationRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The inquiry queue ({@link JdbcInquiryStore}) on SQLite and PostgreSQL (two nodes for the race). */
class InquiryStoreTest {
    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);

    /** A visitor's new room, queued; answers its inquiry's id. */
    static String queuedRoom(Database database, String token) throws Exception {
        await(new JdbcVisitorStore(database, Clock.systemUTC()).register(RegistrationRequest.ofToken(token),
                Durability.SYNCED));
        String rid = await(new JdbcRoomStore(database, TestDeskEvents.of(database))
                .open(token, Room.Source.API, true, false, null, T0)).room().id();
        return scalar(database, "SELECT id FROM inquiries WHERE rid = ?", rid);
    }

    /** An online, available agent (a login token, as POST login gives). */
    static void agent(Database database, String id) throws Exception {
        JdbcUserStore users = new JdbcUserStore(database);
        await(users.create(new User(id, "user-" + id, "Agent " + id, null, List.of(Role.AGENT), T0, T0), null));
        await(users.addLoginToken(id, id.repeat(64).substring(0, 64), T0));
    }

    @StoreTest
    void thirtyTwoAgentsRacingTakeTheInquiryExactlyOnce(TestDatabase db) throws Exception {
        String inquiryId = queuedRoom(db.database(), "tok-race");
        Database nodeB = db.anotherNode();
        List<JdbcInquiryStore> nodes = List.of(new JdbcInquiryStore(db.database(), TestDeskEvents.of(db.database())),
                new JdbcInquiryStore(nodeB, TestDeskEvents.of(nodeB)));
        for (int i = 0; i < 32; i++) {
            agent(db.database(), "a" + (char) ('a' + i % 26) + i);
        }
        List<CompletableFuture<Taken>> takes = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            takes.add(nodes.get(i % 2).take(inquiryId, "a" + (char) ('a' + i % 26) + i, T0.plusSeconds(1)));
        }
        int won = 0;
        String winner = null;
        for (CompletableFuture<Taken> take : takes) {
            try {
                Taken taken = take.get();
                won++;
                winner = taken.agent().id();
                assertEquals(Inquiry.TAKEN, taken.inquiry().status());
                assertEquals(List.of("command", "uj"), taken.joined().stream().map(Message::type).toList());
            } catch (ExecutionException e) {
                assertEquals("Inquiry already taken [error-inquiry-taken]", e.getCause().getMessage());
            }
        }
        assertEquals(1, won);
        assertEquals(winner, scalar(db.database(), "SELECT served_by_id FROM rooms"));
        assertEquals("2", scalar(db.database(), "SELECT count(*) FROM messages WHERE t IN ('command', 'uj')"));
        assertEquals("2", scalar(db.database(), "SELECT users_count FROM rooms"));
    }

    @StoreTest
    void takingNeedsAKnownQueuedInquiryAndAnOnlineAvailableAgent(TestDatabase db) throws Exception {
        String inquiryId = queuedRoom(db.database(), "tok-errors");
        JdbcInquiryStore inquiries = new JdbcInquiryStore(db.database(), TestDeskEvents.of(db.database()));
        assertEquals("Inquiry not found [error-not-found]", failure(inquiries.take("nope", "x", T0)));
        JdbcUserStore users = new JdbcUserStore(db.database());
        await(users.create(new User("offline", "offline", null, null, List.of(Role.AGENT), T0, T0), null));
        assertEquals("Agent status is offline or Omnichannel service is not active "
                + "[error-agent-status-service-offline]", failure(inquiries.take(inquiryId, "offline", T0)));
        agent(db.database(), "busy");
        await(new JdbcAgentStore(db.database()).setStatus("busy", JdbcAgentStore.NOT_AVAILABLE, T0));
        assertEquals("Agent status is offline or Omnichannel service is not active "
                + "[error-agent-status-service-offline]", failure(inquiries.take(inquiryId, "busy", T0)));
        assertEquals("queued", scalar(db.database(), "SELECT status FROM inquiries"));
        agent(db.database(), "ready");
        await(inquiries.take(inquiryId, "ready", T0));
        assertEquals("Inquiry already taken [error-inquiry-taken]", failure(inquiries.take(inquiryId, "ready", T0)));
    }

    @StoreTest
    void oneInquiryPerRoomIsADatabaseRuleAndClosingDequeues(TestDatabase db) throws Exception {
        queuedRoom(db.database(), "tok-one");
        String rid = scalar(db.database(), "SELECT rid FROM inquiries");
        assertThrows(Exception.class, () -> await(db.database().transactions().submit(connection -> {
            ConversationRows.enqueue(connection, rid, null, T0);
            return null;
        })));
        assertEquals("1", scalar(db.database(), "SELECT count(*) FROM inquiries"));
        await(new JdbcRoomStore(db.database(), TestDeskEvents.of(db.database()))
                .closeByVisitor("tok-one", rid, "bye", T0));
        assertEquals("0", scalar(db.database(), "SELECT count(*) FROM inquiries"));
    }

    /** Runs {@code sql} in a transaction (test fixtures the routes have no shortcut for). */
    private static void sql(Database database, String sql, Object... values) throws Exception {
        await(database.transactions().submit(connection -> {
            try (java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
                ConversationRows.bind(statement, values);
                return statement.executeUpdate();
            }
        }));
    }

    /** Opens a room under Auto_Selection for a new visitor of {@code department}; answers who serves it (or null). */
    private static String autoRoom(Database database, String token, String department) throws Exception {
        await(new JdbcVisitorStore(database, Clock.systemUTC()).register(RegistrationRequest.ofToken(token),
                Durability.SYNCED));
        sql(database, "UPDATE visitors SET department = ? WHERE token = ?", department, token);
        Room room = await(new JdbcRoomStore(database, TestDeskEvents.of(database))
                .open(token, Room.Source.API, true, true, null, T0)).room();
        String status = scalar(database, "SELECT status FROM inquiries WHERE rid = ?", room.id());
        assertEquals(room.servedBy() == null ? "queued" : "taken", status);
        return room.servedBy() == null ? null : room.servedBy().id();
    }

    @StoreTest
    void autoSelectionGivesEachRoomToTheAgentGivenTheFewestChats(TestDatabase db) throws Exception {
        Database database = db.database();
        assertEquals(null, autoRoom(database, "tok-nobody", null), "no agent online: the room is queued");
        agent(database, "b");
        agent(database, "a");
        agent(database, "c");
        await(new JdbcAgentStore(database).setStatus("c", JdbcAgentStore.NOT_AVAILABLE, T0));
        List<String> served = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            served.add(autoRoom(database, "tok-auto-" + i, null));
        }
        // Fewest chats given first, ties by username; the not-available agent gets none.
        assertEquals(List.of("a", "b", "a", "b"), served);
        assertEquals("2", scalar(database, "SELECT livechat_count FROM users WHERE id = 'a'"));
    }

    @StoreTest
    void autoSelectionKeepsADepartmentsRoomsToItsAgents(TestDatabase db) throws Exception {
        Database database = db.database();
        agent(database, "x");
        agent(database, "y");
        agent(database, "z");
        sql(database, "INSERT INTO departments (id, name, updated_at) VALUES ('d1', 'Sales', 0)");
        sql(database, "INSERT INTO department_agents (id, department_id, agent_id, username, chat_count, sort_order) "
                + "VALUES ('da1', 'd1', 'x', 'user-x', 0, 2), ('da2', 'd1', 'y', 'user-y', 0, 1)");
        List<String> served = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            served.add(autoRoom(database, "tok-dep-" + i, "d1"));
        }
        // Equal counts: the department's order decides; z, outside the department, gets none.
        assertEquals(List.of("y", "x", "y"), served);
        assertEquals("2", scalar(database, "SELECT chat_count FROM department_agents WHERE agent_id = 'y'"));
        await(new JdbcAgentStore(database).setStatus("x", JdbcAgentStore.NOT_AVAILABLE, T0));
        await(new JdbcAgentStore(database).setStatus("y", JdbcAgentStore.NOT_AVAILABLE, T0));
        assertEquals(null, autoRoom(database, "tok-dep-queued", "d1"),
                "nobody of the department is available: queued, though z is");
    }

    /** The message of the ApiError {@code call} fails with. */
    private static String failure(CompletableFuture<?> call) {
        CompletionException failed = assertThrows(CompletionException.class, call::join);
        return failed.getCause().getMessage();
    }
}
