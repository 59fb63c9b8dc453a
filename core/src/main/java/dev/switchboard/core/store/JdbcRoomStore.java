package dev.switchboard.core.store;

import static dev.switchboard.core.store.ConversationRows.ROOM_COLUMNS;

import dev.switchboard.core.conversation.Message;
import dev.switchboard.core.conversation.Message.Sender;
import dev.switchboard.core.conversation.Room;
import dev.switchboard.core.conversation.RoomFilter;
import dev.switchboard.core.desk.Inquiry;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.ConversationRows.Caller;
import dev.switchboard.core.visitor.RandomIds;
import dev.switchboard.core.webhook.DeskEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Livechat rooms: opening one per visitor (the database's partial unique index keeps it to one open room), closing,
 * the visitor's status on its open rooms, and the listings agents read. Writes complete after their commit.
 */
public final class JdbcRoomStore {
    private final Database database;
    private final DeskEvents deskEvents;

    /** {@code deskEvents} records the webhook events of its changes, in their transactions. */
    public JdbcRoomStore(Database database, DeskEvents deskEvents) {
        this.database = database;
        this.deskEvents = deskEvents;
    }

    /**
     * What opening did: the visitor's open room, whether this call created it, the message it started with, and
     * when the asked-for agent took it at once, that agent and the messages saying so (else null and empty), and
     * the new room's inquiry (null when this call opened nothing).
     */
    public record Opened(Room room, boolean created, Message started, Sender agent, List<Message> joined,
                         Inquiry inquiry) { }

    /**
     * An online agent: available for chats (Rocket.Chat's {@code statusLivechat}) and holding a login token
     * (Switchboard's stand-in for presence).
     */
    static final String ONLINE_AGENT = "(',' || u.roles || ',') LIKE '%,agent,%' AND u.status_livechat = "
            + "'available' AND " + JdbcAgentStore.LOGGED_IN;

    /** A room closed, with the {@code livechat-close} message written into it and the inquiry removed (or null). */
    public record Closed(Room room, Message closeMessage, Inquiry removedInquiry) { }

    /**
     * The visitor's open room, or a new one when it has none ({@code livechat-started} written into it). When
     * {@code acceptWithoutAgents} is false and no agent is logged in, refuses with Rocket.Chat's no-agent-online.
     * A new room is served at once by {@code agentId} (may be null) when that is an online agent, as Rocket.Chat
     * routes a room to the agent the widget asks for; otherwise, with {@code autoSelection} (Rocket.Chat's
     * Auto_Selection), the next available agent takes it ({@link AutoSelection}), and else it waits in the queue.
     */
    public CompletableFuture<Opened> open(String token, Room.Source source, boolean acceptWithoutAgents,
                                          boolean autoSelection, String agentId, Instant now) {
        return database.transactions().submit(connection -> openIn(connection,
                ConversationRows.lockCaller(connection, database.dialect(), token), source, acceptWithoutAgents,
                autoSelection, agentId, now));
    }

    /** {@link #open}'s work, inside a write that has locked the visitor ({@code caller}). */
    Opened openIn(Connection connection, Caller caller, Room.Source source, boolean acceptWithoutAgents,
                  boolean autoSelection, String agentId, Instant now) throws SQLException {
        Optional<Room> existing = ConversationRows.openRoomOf(connection, caller.id());
        if (existing.isPresent()) {
            return new Opened(existing.get(), false, null, null, List.of(), null);
        }
        if (!acceptWithoutAgents && onlineAgent(connection, null).isEmpty()) {
            throw ApiError.meteor("no-agent-online", "Sorry, no online agents");
        }
        String rid = RandomIds.id();
        if (!insertRoom(connection, rid, caller, source, now)) {
            // Another node opened it first (the unique index); theirs is the visitor's room.
            return new Opened(ConversationRows.openRoomOf(connection, caller.id())
                    .orElseThrow(() -> new IllegalStateException("open room vanished")), false, null, null,
                    List.of(), null);
        }
        setLastChat(connection, caller, rid, now);
        Message started = systemMessage(rid, "livechat-started", "", new Sender(caller.id(), caller.username(),
                null), caller.token(), "\"groupable\":false", now);
        ConversationRows.append(connection, started, true);
        ConversationRows.enqueue(connection, rid, caller.department(), now);
        deskEvents.record(connection, DeskEvent.started(rid));
        Sender agent = agentId == null ? null : onlineAgent(connection, agentId).orElse(null);
        if (agent == null && autoSelection) {
            agent = AutoSelection.nextAgent(connection, caller.department()).orElse(null);
        }
        List<Message> joined = agent == null ? List.of()
                : ConversationRows.serve(connection, rid, agent, now.plusMillis(1));
        deskEvents.record(connection, agent == null ? DeskEvent.queued(rid) : DeskEvent.taken(rid));
        return new Opened(ConversationRows.room(connection, rid, "").orElseThrow(), true, started, agent, joined,
                JdbcInquiryStore.findByRoom(connection, rid).orElseThrow());
    }

    /** The visitor's open room {@code rid}; invalid-token or invalid-room otherwise (Rocket.Chat's errors). */
    public CompletableFuture<Room> findOpen(String token, String rid) {
        return findOwn(token, rid).thenApply(room -> {
            if (!room.open()) {
                throw ConversationRows.invalidRoom();
            }
            return room;
        });
    }

    /** The visitor's room {@code rid}, open or closed. */
    public CompletableFuture<Room> findOwn(String token, String rid) {
        return database.read(connection -> {
            Caller caller = ConversationRows.findCaller(connection, token, "")
                    .orElseThrow(ConversationRows::invalidToken);
            return ConversationRows.roomOf(connection, rid, caller.id(), "")
                    .orElseThrow(ConversationRows::invalidRoom);
        });
    }

    public CompletableFuture<Optional<Room>> findById(String rid) {
        return database.read(connection -> ConversationRows.room(connection, rid, ""));
    }

    /** True when user {@code userId} is in room {@code rid} (it serves it, or joined it). */
    public CompletableFuture<Boolean> isMember(String rid, String userId) {
        return database.read(connection -> ConversationRows.isMember(connection, rid, userId));
    }

    /** True when user {@code userId} is an agent of enabled department {@code departmentId}. */
    public CompletableFuture<Boolean> inDepartment(String userId, String departmentId) {
        return database.read(connection -> JdbcInquiryStore.inEnabledDepartment(connection, userId, departmentId));
    }

    /** True when the live visitor holding {@code token} owns room {@code rid}. */
    public CompletableFuture<Boolean> ownedBy(String rid, String token) {
        return database.read(connection -> {
            Optional<Caller> caller = ConversationRows.findCaller(connection, token, "");
            return caller.isPresent() && ConversationRows.roomOf(connection, rid, caller.get().id(), "").isPresent();
        });
    }

    /** Closes the visitor's open room {@code rid}, as the visitor, with {@code comment} as the close message. */
    public CompletableFuture<Closed> closeByVisitor(String token, String rid, String comment, Instant now) {
        return database.transactions().submit(connection -> {
            ConversationRows.CallerRoom locked = ConversationRows.lockOpenRoom(connection, database.dialect(), token,
                    rid);
            Caller caller = locked.caller();
            Inquiry removed = ConversationRows.close(connection, locked.room(), "visitor", caller.sender(), List.of(),
                    database.dialect().jsonParameter(), now);
            Message close = systemMessage(rid, "livechat-close", comment,
                    new Sender(caller.id(), caller.username(), null), caller.token(),
                    "\"groupable\":false,\"transcriptRequested\":false", now);
            ConversationRows.append(connection, close, true);
            deskEvents.record(connection, DeskEvent.closed(rid));
            return new Closed(ConversationRows.room(connection, rid, "").orElseThrow(), close, removed);
        });
    }

    /**
     * Sets {@code v.status} on the visitor's open rooms (not on the visitor, as Rocket.Chat). This route's unknown
     * token is Rocket.Chat's {@code Invalid token [invalid-token]}, unlike the other conversation routes'.
     */
    public CompletableFuture<Void> updateVisitorStatus(String token, String status, Instant now) {
        return database.transactions().submit(connection -> {
            Caller caller = ConversationRows.findCaller(connection, token, database.dialect().rowLock())
                    .orElseThrow(() -> ApiError.meteor("invalid-token", "Invalid token"));
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE rooms SET visitor_status = ?, updated_at = ? WHERE visitor_id = ? AND open")) {
                ConversationRows.bind(statement, status, now.toEpochMilli(), caller.id());
                statement.executeUpdate();
            }
            return null;
        });
    }

    /** The open rooms of the visitor holding {@code token}; none for an unknown token. */
    public CompletableFuture<List<Room>> openRoomsOfToken(String token) {
        return database.read(connection -> ConversationRows.rooms(connection, "SELECT " + ROOM_COLUMNS
                + " FROM rooms WHERE open AND visitor_id IN "
                + "(SELECT id FROM visitors WHERE token = ? AND erased_at IS NULL)", token));
    }

    /** A page of rooms matching {@code filter}, newest first, with the total. */
    public CompletableFuture<Page<Room>> list(RoomFilter filter, int offset, int count) {
        return database.read(connection -> {
            List<Object> values = new ArrayList<>();
            String where = where(filter, values);
            long total = ConversationRows.count(connection, "SELECT count(*) FROM rooms" + where, values.toArray());
            values.add(count);
            values.add(offset);
            List<Room> rooms = ConversationRows.rooms(connection, "SELECT " + ROOM_COLUMNS + " FROM rooms" + where
                    + " ORDER BY ts DESC, id DESC LIMIT ? OFFSET ?", values.toArray());
            return new Page<>(rooms, total);
        });
    }

    private static String where(RoomFilter filter, List<Object> values) {
        List<String> conditions = new ArrayList<>();
        if (filter.open() != null) {
            conditions.add(filter.open() ? "open" : "NOT open");
        }
        if (!filter.agents().isEmpty()) {
            conditions.add("served_by_id IN (" + InLists.markers(filter.agents().size()) + ")");
            values.addAll(filter.agents());
        }
        if (filter.departmentId() != null) {
            conditions.add("department_id = ?");
            values.add(filter.departmentId());
        }
        if (filter.visitorId() != null) {
            conditions.add("visitor_id = ?");
            values.add(filter.visitorId());
        }
        range(conditions, values, "ts", filter.createdFrom(), filter.createdTo());
        range(conditions, values, "closed_at", filter.closedFrom(), filter.closedTo());
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static void range(List<String> conditions, List<Object> values, String column, Instant from,
                              Instant to) {
        if (from != null) {
            conditions.add(column + " >= ?");
            values.add(from.toEpochMilli());
        }
        if (to != null) {
            conditions.add(column + " <= ?");
            values.add(to.toEpochMilli());
        }
    }

    private static boolean insertRoom(Connection connection, String rid, Caller caller, Room.Source source,
                                      Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO rooms (id, visitor_id, visitor_token, visitor_username, visitor_status, fname, open, "
                        + "department_id, source_type, source_id, source_alias, msgs, users_count, lm, ts, "
                        + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, ?, ?, ?) "
                        + "ON CONFLICT DO NOTHING")) {
            long millis = now.toEpochMilli();
            ConversationRows.bind(statement, rid, caller.id(), caller.token(), caller.username(),
                    caller.status() == null ? "online" : caller.status(),
                    caller.name() != null ? caller.name() : caller.username(), true, caller.department(),
                    source.type(), source.id(), source.alias(), millis, millis, millis);
            return statement.executeUpdate() == 1;
        }
    }

    /**
     * Rocket.Chat's {@code setLastChatById} on a new room (which also moves the visitor's {@code _updatedAt}), in
     * the room's transaction; every node forgets its cached copy of the visitor once it commits.
     */
    private void setLastChat(Connection connection, Caller caller, String rid, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE visitors SET last_chat_id = ?, last_chat_ts = ?, updated_at = ? WHERE id = ?")) {
            long millis = now.toEpochMilli();
            ConversationRows.bind(statement, rid, millis, millis, caller.id());
            statement.executeUpdate();
        }
        database.events().tokensChanged(connection, caller.token());
    }

    /** A system message as Rocket.Chat's {@code saveSystemMessage} writes it. */
    static Message systemMessage(String rid, String type, String msg, Sender sender, String token, String extra,
                                 Instant now) {
        return new Message(RandomIds.id(), rid, type, msg, sender, token, extra, now, now, null, null, null);
    }

    /** An online agent: the one with id {@code agentId}, or any when it is null. */
    static Optional<Sender> onlineAgent(Connection connection, String agentId) throws SQLException {
        String select = "SELECT u.id, u.username, u.name FROM users u WHERE ";
        return agentId == null ? ConversationRows.sender(connection, select + ONLINE_AGENT + " LIMIT 1")
                : ConversationRows.sender(connection, select + "u.id = ? AND " + ONLINE_AGENT, agentId);
    }
}
