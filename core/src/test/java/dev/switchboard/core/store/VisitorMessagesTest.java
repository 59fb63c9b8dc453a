package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static dev.switchboard.core.store.StoreTests.rolledBack;
import static dev.switchboard.core.store.StoreTests.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.conversation.Room;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.JdbcMessageStore.Sent;
import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import dev.switchboard.core.visitor.RegistrationRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Visitors' messages that wait together are written set-based ({@link VisitorMessages}) with the outcome of
 * writing them one after another; a refused message gets its own error inside the group without failing its
 * neighbours; a group with an {@code _id} stored already or twice declines, so a retried {@code _id} is stored once.
 */
class VisitorMessagesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Registers visitor {@code token} and opens its room; answers the room id. */
    static String openRoom(Database database, String token) throws Exception {
        await(new JdbcVisitorStore(database, Clock.systemUTC()).register(RegistrationRequest.ofToken(token),
                Durability.SYNCED));
        return await(new JdbcRoomStore(database, TestDeskEvents.of(database)).open(token, Room.Source.API, true, false, null, T0)).room().id();
    }

    @StoreTest
    void aGroupEndsAsTheSameMessagesOneAfterAnother(TestDatabase db) throws Exception {
        Database database = db.database();
        String ridA = openRoom(database, "tok-a");
        String ridB = openRoom(database, "tok-b");
        String ridC = openRoom(database, "tok-c");
        // three rooms: their counters' update is padded to four rows, the last one repeated
        List<VisitorMessages.Request> requests = List.of(
                new VisitorMessages.Request("tok-a", ridA, "g-1", "one", T0.plusSeconds(1)),
                new VisitorMessages.Request("tok-b", ridB, "g-2", "two", T0.plusSeconds(2)),
                new VisitorMessages.Request("tok-a", ridA, "g-3", "three", T0.plusSeconds(3)),
                new VisitorMessages.Request("tok-c", ridC, "g-4", "four", T0.plusSeconds(4)));
        VisitorMessages kind = new VisitorMessages(database.dialect(), TestDeskEvents.of(database));

        List<String> oneByOne = rolledBack(database, connection -> {
            List<VisitorMessages.Outcome> sent = new ArrayList<>();
            for (VisitorMessages.Request request : requests) {
                sent.add(kind.runOne(connection, request));
            }
            return outcome(connection, sent);
        });
        List<String> together = rolledBack(database, connection -> {
            Optional<List<VisitorMessages.Outcome>> sent = kind.runAll(connection, requests);
            assertTrue(sent.isPresent(), "the plain case runs set-based");
            return outcome(connection, sent.get());
        });
        assertEquals(oneByOne, together);
        assertTrue(together.contains("room " + ridA + " msgs=3 lm=" + T0.plusSeconds(3).toEpochMilli()),
                together.toString());
        assertTrue(together.contains("g-3 " + ridA + " three tok-a"), together.toString());
        assertTrue(together.contains("room " + ridC + " msgs=2 lm=" + T0.plusSeconds(4).toEpochMilli()),
                together.toString());
    }

    @StoreTest
    void aRefusedMessageGetsItsErrorInTheGroupAndItsNeighboursAreWritten(TestDatabase db) throws Exception {
        Database database = db.database();
        String ridA = openRoom(database, "tok-a");
        openRoom(database, "tok-b");
        String closed = openRoom(database, "tok-c");
        await(new JdbcRoomStore(database, TestDeskEvents.of(database)).closeByVisitor("tok-c", closed, "bye", T0.plusSeconds(1)));
        VisitorMessages kind = new VisitorMessages(database.dialect(), TestDeskEvents.of(database));
        List<VisitorMessages.Request> requests = List.of(
                new VisitorMessages.Request("tok-a", ridA, "fine-1", "ok", T0.plusSeconds(2)),
                new VisitorMessages.Request("unknown", ridA, "x-1", "who", T0),        // unknown token
                new VisitorMessages.Request("tok-b", ridA, "x-2", "not mine", T0),     // a foreign room
                new VisitorMessages.Request("tok-c", closed, "x-3", "closed", T0),     // a closed room
                new VisitorMessages.Request("tok-a", ridA, "fine-2", "ok too", T0.plusSeconds(3)));
        List<String> lines = rolledBack(database, connection -> {
            List<VisitorMessages.Outcome> outcomes = kind.runAll(connection, requests).orElseThrow();
            List<String> answers = new ArrayList<>();
            for (VisitorMessages.Outcome outcome : outcomes) {
                answers.add(outcome.refused() == null ? "sent " + outcome.sent().message().id()
                        : "refused " + outcome.refused().getMessage());
            }
            answers.add("stored " + scalarIn(connection, "SELECT count(*) FROM messages WHERE id LIKE 'x-%'"));
            answers.add("room msgs " + scalarIn(connection, "SELECT msgs FROM rooms WHERE id = '" + ridA + "'"));
            return answers;
        });
        assertEquals(List.of("sent fine-1", "refused invalid-token", "refused invalid-room", "refused room-closed",
                "sent fine-2", "stored 0", "room msgs 3"), lines);
    }

    @StoreTest
    void sendersAndRoomsOfOneGroupAreNotMixedUp(TestDatabase db) throws Exception {
        Database database = db.database();
        String ridA = openRoom(database, "tok-a");
        String ridB = openRoom(database, "tok-b");
        VisitorMessages kind = new VisitorMessages(database.dialect(), TestDeskEvents.of(database));
        // Both visitors and both rooms are in the group: each visitor may write only into its own room.
        List<String> answers = rolledBack(database, connection -> kind.runAll(connection, List.of(
                new VisitorMessages.Request("tok-a", ridA, "a-1", "mine", T0),
                new VisitorMessages.Request("tok-b", ridB, "b-1", "mine", T0),
                new VisitorMessages.Request("tok-a", ridB, "a-2", "yours", T0),
                new VisitorMessages.Request("tok-b", ridA, "b-2", "yours", T0))).orElseThrow().stream()
                .map(outcome -> outcome.refused() == null ? "sent by " + outcome.sent().message().u().id()
                        : "refused " + outcome.refused().getMessage())
                .toList());
        JdbcVisitorStore visitors = new JdbcVisitorStore(database, Clock.systemUTC());
        String visitorA = await(visitors.findByToken("tok-a")).orElseThrow().id();
        String visitorB = await(visitors.findByToken("tok-b")).orElseThrow().id();
        assertEquals(List.of("sent by " + visitorA, "sent by " + visitorB, "refused invalid-room",
                "refused invalid-room"), answers);
    }

    @StoreTest
    void aGroupWithAnIdStoredAlreadyOrTwiceStoresEachAsAlone(TestDatabase db) throws Exception {
        Database database = db.database();
        String ridA = openRoom(database, "tok-a");
        String ridB = openRoom(database, "tok-b");
        await(new JdbcMessageStore(database, TestDeskEvents.of(database)).sendAsVisitor("tok-a", ridA, "stored", "hi",
                T0.plusSeconds(1)));
        VisitorMessages kind = new VisitorMessages(database.dialect(), TestDeskEvents.of(database));
        List<VisitorMessages.Outcome> outcomes = rolledBack(database, connection -> kind.runAll(connection, List.of(
                new VisitorMessages.Request("tok-a", ridA, "fine", "ok", T0.plusSeconds(2)),
                new VisitorMessages.Request("tok-a", ridA, "stored", "hi", T0),          // a retry of a stored id
                new VisitorMessages.Request("tok-b", ridB, "fine", "twice", T0),         // the same id twice here
                new VisitorMessages.Request("tok-b", ridB, "other", "next to it", T0)))).orElseThrow();
        assertTrue(outcomes.get(0).sent().created(), "the first send of an id is stored");
        assertEquals(T0.plusSeconds(1), outcomes.get(1).sent().message().ts(), "a retry gets the stored message");
        assertTrue(!outcomes.get(1).sent().created());
        assertEquals("error-message-id-taken", ((ApiError) outcomes.get(2).refused()).errorType(),
                "another visitor's send of a taken id is refused");
        assertTrue(outcomes.get(3).sent().created(), "its neighbours are stored");
    }

    @StoreTest
    void concurrentSendsCommitTogetherAndEachBadOneFailsAlone(TestDatabase db) throws Exception {
        Database database = db.database();
        int visitors = 16;
        List<String> rooms = new ArrayList<>();
        for (int v = 0; v < visitors; v++) {
            rooms.add(openRoom(database, "tok-" + v));
        }
        List<Integer> batches = new CopyOnWriteArrayList<>();
        database.transactions().onBatchCommitted(batches::add);
        JdbcMessageStore messages = new JdbcMessageStore(database, TestDeskEvents.of(database));
        List<CompletableFuture<Sent>> sends = new ArrayList<>();
        List<CompletableFuture<Sent>> bad = new ArrayList<>();
        for (int round = 0; round < 8; round++) {
            for (int v = 0; v < visitors; v++) {
                sends.add(messages.sendAsVisitor("tok-" + v, rooms.get(v), "m-" + round + "-" + v, "text " + round,
                        T0.plusSeconds(round)));
            }
            // interleaved: a stranger's message, a message into another visitor's room
            bad.add(messages.sendAsVisitor("nobody", rooms.get(0), "bad-" + round, "x", T0));
            bad.add(messages.sendAsVisitor("tok-1", rooms.get(2), "foreign-" + round, "x", T0));
        }
        for (CompletableFuture<Sent> send : sends) {
            Sent sent = await(send);
            assertTrue(sent.created());
        }
        for (CompletableFuture<Sent> send : bad) {
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> send.get(30, TimeUnit.SECONDS));
            assertInstanceOf(ApiError.class, failure.getCause());
        }
        for (int v = 0; v < visitors; v++) {
            assertEquals("9", scalar(database, "SELECT msgs FROM rooms WHERE id = ?", rooms.get(v)),
                    "the start message and eight sends");
        }
        assertEquals(String.valueOf(visitors * 8), scalar(database,
                "SELECT count(*) FROM messages WHERE id LIKE 'm-%'"));
        assertEquals("0", scalar(database,
                "SELECT count(*) FROM messages WHERE id LIKE 'bad-%' OR id LIKE 'foreign-%'"));
        assertTrue(batches.stream().anyMatch(size -> size > 1), "sends waiting together commit together: " + batches);
    }

    @StoreTest
    void anIdSentManyTimesAtOnceIsStoredOnceAndEveryRetryGetsIt(TestDatabase db) throws Exception {
        Database database = db.database();
        String rid = openRoom(database, "tok-r");
        String other = openRoom(database, "tok-o");
        JdbcMessageStore messages = new JdbcMessageStore(database, TestDeskEvents.of(database));
        List<CompletableFuture<Sent>> sends = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            sends.add(messages.sendAsVisitor("tok-r", rid, "same-id", "hello", T0.plusMillis(i)));
            sends.add(messages.sendAsVisitor("tok-o", other, "other-" + i, "next to it", T0.plusMillis(i)));
        }
        CompletableFuture<Sent> hijack = messages.sendAsVisitor("tok-o", other, "same-id", "hijack", T0);
        int created = 0;
        Sent first = null;
        for (int i = 0; i < sends.size(); i += 2) {
            Sent sent = await(sends.get(i));
            created += sent.created() ? 1 : 0;
            first = first == null ? sent : first;
            assertEquals(first.message(), sent.message(), "every retry answers the stored message");
            assertTrue(await(sends.get(i + 1)).created());
        }
        assertEquals(1, created);
        ExecutionException taken = assertThrows(ExecutionException.class,
                () -> hijack.get(30, TimeUnit.SECONDS));
        assertEquals("error-message-id-taken", ((ApiError) taken.getCause()).errorType());
        assertEquals("2", scalar(database, "SELECT msgs FROM rooms WHERE id = ?", rid));
        assertEquals("33", scalar(database, "SELECT msgs FROM rooms WHERE id = ?", other));
    }

    /** Each answer, then every message and every room's counters as stored. */
    private static List<String> outcome(Connection connection, List<VisitorMessages.Outcome> sent)
            throws SQLException {
        List<String> lines = new ArrayList<>();
        for (VisitorMessages.Outcome one : sent) {
            lines.add("sent " + one);
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, rid, msg, token, u_id, ts FROM messages ORDER BY id");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                lines.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3) + " "
                        + rows.getString(4));
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, msgs, lm, updated_at FROM rooms ORDER BY id");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                lines.add("room " + rows.getString(1) + " msgs=" + rows.getLong(2) + " lm=" + rows.getLong(3));
            }
        }
        return lines;
    }

    private static String scalarIn(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getString(1);
        }
    }
}
