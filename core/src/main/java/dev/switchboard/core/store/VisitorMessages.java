package dev.switchboard.core.store;

import dev.switchboard.core.conversation.Message;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.ConversationRows.Caller;
import dev.switchboard.core.store.JdbcMessageStore.Sent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Visitors' messages inside a writer's transaction: one at a time (find the visitor and its open room, locked;
 * insert; count it on the room), or, when several wait together, set-based: one query for all their visitors, one
 * for all their rooms (only whose and whether open), one multi-row insert and one multi-row update of the rooms'
 * counters, instead of four statements and a savepoint each. On SQLite, whose one writer needs no locks, a single
 * query reads the rooms with their visitors. A message refused on its own (an unknown token, a foreign or closed
 * room) gets its error in the group and changes nothing, as alone; its neighbours are written. In a group with an
 * {@code _id} already stored or sent twice, each message is stored as alone, under the group's locks: a retry gets
 * its stored message.
 *
 * <p>On PostgreSQL a group locks its visitors, then its rooms, each in id order: writers whose batches hold only
 * messages take these locks in one order and cannot deadlock each other.
 *
 * <p>Whatever else must commit with a message (an outbox row, say) goes into both {@link #runOne} and
 * {@link #runAll} on the same connection: both run inside the writer's transaction, the group inside one
 * savepoint, so it commits or rolls back with the messages.
 */
final class VisitorMessages implements TransactionQueue.GroupWork<VisitorMessages.Request, VisitorMessages.Outcome> {
    private final SqlDialect dialect;
    private final DeskEvents deskEvents;

    /** {@code deskEvents} records each stored message's webhook event in the writer's transaction. */
    VisitorMessages(SqlDialect dialect, DeskEvents deskEvents) {
        this.dialect = dialect;
        this.deskEvents = deskEvents;
    }

    /** A visitor's message: its token, room, id (drawn when the client sent none), text and time. */
    record Request(String token, String rid, String id, String msg, Instant now) { }

    /** What a message's caller gets: the send, or the error that refused it (in a group; alone it is thrown). */
    record Outcome(Sent sent, RuntimeException refused) {
        Sent sentOrThrow() {
            if (refused != null) {
                throw refused;
            }
            return sent;
        }
    }

    /** What a message's write reads of its room: whose it is (null: no such room), and whether it is open. */
    private record RoomState(String visitorId, boolean open) {
        static final RoomState NONE = new RoomState(null, false);
    }

    @Override
    public Outcome runOne(Connection connection, Request request) throws SQLException {
        Caller caller = ConversationRows.lockOpenRoom(connection, dialect, request.token(), request.rid()).caller();
        Sent sent = JdbcMessageStore.store(connection, message(request, caller));
        return new Outcome(deskEvents.recordSent(connection, sent), null);
    }

    @Override
    public Optional<List<Outcome>> runAll(Connection connection, List<Request> requests) throws SQLException {
        Map<String, Caller> callers = new HashMap<>();
        Map<String, RoomState> rooms = new HashMap<>();
        if (dialect.oneWriter()) {
            readRoomsWithVisitors(connection, requests, callers, rooms);
        } else {
            callers.putAll(ConversationRows.lockCallers(connection, dialect, distinct(requests, Request::token)));
            rooms.putAll(lockRooms(connection, requests));
        }
        List<Outcome> outcomes = new ArrayList<>(requests.size());
        List<Message> messages = new ArrayList<>(requests.size());
        for (Request request : requests) {
            RoomState room = rooms.getOrDefault(request.rid(), RoomState.NONE);
            RuntimeException refused = ConversationRows.openRoomRefusal(callers.get(request.token()),
                    room.visitorId(), room.open());
            if (refused != null) {
                outcomes.add(new Outcome(null, refused));
                continue;
            }
            Message message = message(request, callers.get(request.token()));
            messages.add(message);
            outcomes.add(new Outcome(new Sent(message, true), null));
        }
        if (messages.isEmpty()) {
            return Optional.of(outcomes);
        }
        List<Message> created = messages;
        NamedSavepoints.set(connection, "group_insert");
        if (distinct(messages, Message::id).size() != messages.size()
                || ConversationRows.appendAll(connection, messages, null, null) != messages.size()) {
            // An id sent twice here, or already stored: each is stored as alone (a retry gets its stored message,
            // another's id is refused), still under the locks taken above in id order. Run alone instead, in the
            // order of the requests, sends to two visitors could lock them in the other order than a group on
            // another writer, and both would wait for PostgreSQL's deadlock check.
            NamedSavepoints.rollback(connection, "group_insert");
            created = storeOneByOne(connection, outcomes);
        } else {
            NamedSavepoints.release(connection, "group_insert");
        }
        if (!created.isEmpty()) {
            ConversationRows.countAll(connection, created);
            deskEvents.recordMessages(connection, created);
        }
        return Optional.of(outcomes);
    }

    /**
     * Stores each message of {@code outcomes} as {@link #runOne} would, replacing its outcome; answers the new ones,
     * which the caller counts on their rooms.
     */
    private static List<Message> storeOneByOne(Connection connection, List<Outcome> outcomes) throws SQLException {
        List<Message> created = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome outcome = outcomes.get(i);
            if (outcome.refused() != null) {
                continue;
            }
            try {
                Sent sent = JdbcMessageStore.store(connection, outcome.sent().message(), false); // counted below
                outcomes.set(i, new Outcome(sent, null));
                if (sent.created()) {
                    created.add(sent.message());
                }
            } catch (ApiError refused) {
                outcomes.set(i, new Outcome(null, refused));
            }
        }
        return created;
    }

    private static Message message(Request request, Caller caller) {
        return new Message(request.id(), request.rid(), null, request.msg(), caller.sender(), request.token(), null,
                request.now(), request.now(), null, null, null);
    }

    /**
     * The requests' rooms, locked (PostgreSQL), by id: only the columns the refusal reads, since each column is a
     * call into the driver (a room has 26).
     */
    private Map<String, RoomState> lockRooms(Connection connection, List<Request> requests) throws SQLException {
        List<String> ids = InLists.padded(distinct(requests, Request::rid));
        Map<String, RoomState> rooms = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, visitor_id, open FROM rooms "
                + "WHERE id IN (" + InLists.markers(ids.size()) + ") ORDER BY id" + dialect.rowLock())) {
            InLists.bind(statement, 1, ids);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    rooms.put(rows.getString(1), new RoomState(rows.getString(2), rows.getBoolean(3)));
                }
            }
        }
        return rooms;
    }

    /**
     * With one writer, no locks: the requests' rooms with their live visitors in one query, into {@code rooms} and
     * {@code callers} (by token; what a message reads of its sender). Only tokens that own none of the rooms (an
     * unknown token, or a send into someone else's room) take a second query, for whether they are live visitors.
     */
    private void readRoomsWithVisitors(Connection connection, List<Request> requests, Map<String, Caller> callers,
                                       Map<String, RoomState> rooms) throws SQLException {
        List<String> ids = InLists.padded(distinct(requests, Request::rid));
        try (PreparedStatement statement = connection.prepareStatement("SELECT r.id, r.visitor_id, r.open, "
                + "v.username, v.name, v.token FROM rooms r JOIN visitors v ON v.id = r.visitor_id "
                + "WHERE r.id IN (" + InLists.markers(ids.size()) + ") AND v.erased_at IS NULL")) {
            InLists.bind(statement, 1, ids);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String visitorId = rows.getString(2);
                    rooms.put(rows.getString(1), new RoomState(visitorId, rows.getBoolean(3)));
                    String token = rows.getString(6);
                    callers.put(token, new Caller(visitorId, rows.getString(4), rows.getString(5), token, null, null));
                }
            }
        }
        Set<String> others = distinct(requests, Request::token);
        others.removeAll(callers.keySet());
        if (!others.isEmpty()) {
            callers.putAll(ConversationRows.lockCallers(connection, dialect, others));
        }
        // A room whose visitor was erased is not read: as a room of someone else, it refuses with invalid-room.
    }

    private static <T> Set<String> distinct(List<T> items, Function<T, String> key) {
        Set<String> keys = new LinkedHashSet<>();
        for (T item : items) {
            keys.add(key.apply(item));
        }
        return keys;
    }
}
