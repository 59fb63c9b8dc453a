package dev.switchboard.core.store;

import dev.switchboard.core.conversation.Message;
import dev.switchboard.core.conversation.Message.Sender;
import dev.switchboard.core.conversation.Room;
import dev.switchboard.core.desk.Inquiry;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.visitor.RandomIds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rows of rooms and messages, and the steps every conversation write shares: find the calling visitor (locked, so
 * an erasure and a send take turns), find its room, append a message and count it on the room.
 */
final class ConversationRows {
    static final String ROOM_COLUMNS = "id, visitor_id, visitor_username, visitor_token, visitor_status, fname, open, "
            + "department_id, source_type, source_id, source_alias, served_by_id, served_by_username, served_by_ts, "
            + "msgs, users_count, lm, ts, updated_at, closed_at, closer, closed_by_id, closed_by_username, "
            + "chat_duration, service_time_duration, tags";
    static final String MESSAGE_COLUMNS = "id, rid, t, msg, u_id, u_username, u_name, token, extra, ts, updated_at, "
            + "edited_at, edited_by_id, edited_by_username, deleted_at";
    private static final String APPEND_ALL = "INSERT INTO messages (id, rid, t, msg, u_id, u_username, u_name, "
            + "token, ts, updated_at, extra, channel_app_id, channel_message_id) VALUES ";
    private static final String VISITOR_ROW = "(?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)";
    private static final String CHANNEL_ROW = "(?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** VALUES columns are {@code column1…} on both dialects: the room, its new messages, its last one's time. */
    private static final String COUNT = "UPDATE rooms SET msgs = msgs + counted.column2, lm = counted.column3, "
            + "updated_at = counted.column3 FROM (VALUES ";
    private static final String COUNT_ROW = "(?, ?, ?)";
    /** Navigation history is hidden from a room's messages, as Rocket.Chat's default hides it. */
    static final String VISIBLE = "deleted_at IS NULL AND (t IS NULL OR t <> 'livechat_navigation_history')";

    /** The visitor a token names, as conversation writes need it. */
    record Caller(String id, String username, String name, String token, String department, String status) {
        Sender sender() {
            return new Sender(id, username, name);
        }
    }

    private ConversationRows() { }

    /** Rocket.Chat's answer to an unknown visitor token in the conversation routes (a plain {@code Error}). */
    static ApiError invalidToken() {
        return ApiError.plain("invalid-token");
    }

    static ApiError invalidRoom() {
        return ApiError.plain("invalid-room");
    }

    /** The live visitor holding {@code token}, locked until the transaction ends (PostgreSQL); else invalid-token. */
    static Caller lockCaller(Connection connection, SqlDialect dialect, String token) throws SQLException {
        return findCaller(connection, token, dialect.rowLock()).orElseThrow(ConversationRows::invalidToken);
    }

    static Optional<Caller> findCaller(Connection connection, String token, String lock) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, username, name, token, department, status FROM visitors WHERE token = ? AND erased_at IS NULL"
                        + lock)) {
            statement.setString(1, token);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next()
                        ? Optional.of(new Caller(rows.getString(1), rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getString(5), rows.getString(6)))
                        : Optional.empty();
            }
        }
    }

    /**
     * The live visitors {@code tokens} (not empty) name, by token: one query, locked in id order (PostgreSQL), so
     * writers that lock many visitors this way never wait for each other in a cycle.
     */
    static Map<String, Caller> lockCallers(Connection connection, SqlDialect dialect, Collection<String> tokens)
            throws SQLException {
        List<String> binds = InLists.padded(tokens);
        Map<String, Caller> callers = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, username, name, token, department, "
                + "status FROM visitors WHERE token IN (" + InLists.markers(binds.size()) + ") AND erased_at IS NULL"
                + " ORDER BY id" + dialect.rowLock())) {
            InLists.bind(statement, 1, binds);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    callers.put(rows.getString(4), new Caller(rows.getString(1), rows.getString(2),
                            rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6)));
                }
            }
        }
        return callers;
    }

    /** A visitor and its open room, both locked for a write (PostgreSQL). */
    record CallerRoom(Caller caller, Room room) { }

    /** The caller's open room {@code rid}, locked; invalid-token, invalid-room or room-closed otherwise. */
    static CallerRoom lockOpenRoom(Connection connection, SqlDialect dialect, String token, String rid)
            throws SQLException {
        Caller caller = lockCaller(connection, dialect, token);
        Room room = roomOf(connection, rid, caller.id(), dialect.rowLock()).orElse(null);
        ApiError refused = openRoomRefusal(caller, room);
        if (refused != null) {
            throw refused;
        }
        return new CallerRoom(caller, room);
    }

    /**
     * Why {@code caller} (null: no live visitor has the token) may not write into {@code room} (null: no such room),
     * in Rocket.Chat's words; null when it may: the room is the caller's and open.
     */
    static ApiError openRoomRefusal(Caller caller, Room room) {
        return room == null ? openRoomRefusal(caller, null, false)
                : openRoomRefusal(caller, room.visitor().id(), room.open());
    }

    /**
     * {@link #openRoomRefusal(Caller, Room)} for a room known only by its visitor's id ({@code roomVisitorId}; null:
     * no such room) and whether it is {@code open}: all a message's write needs to read of its room.
     */
    static ApiError openRoomRefusal(Caller caller, String roomVisitorId, boolean open) {
        if (caller == null) {
            return invalidToken();
        }
        if (roomVisitorId == null || !roomVisitorId.equals(caller.id())) {
            return invalidRoom();
        }
        return open ? null : ApiError.plain("room-closed");
    }

    /** The room {@code rid} of visitor {@code visitorId}, open or closed. */
    static Optional<Room> roomOf(Connection connection, String rid, String visitorId, String lock) throws SQLException {
        return oneRoom(connection, "id = ? AND visitor_id = ?" + lock, rid, visitorId);
    }

    static Optional<Room> openRoomOf(Connection connection, String visitorId) throws SQLException {
        return oneRoom(connection, "visitor_id = ? AND open", visitorId);
    }

    static Optional<Room> room(Connection connection, String rid, String lock) throws SQLException {
        return oneRoom(connection, "id = ?" + lock, rid);
    }

    /** The rooms {@code ids} names (not empty), by id: one query. */
    static Map<String, Room> roomsById(Connection connection, Collection<String> ids) throws SQLException {
        List<String> binds = InLists.padded(ids);
        Map<String, Room> found = new HashMap<>();
        for (Room room : rooms(connection, "SELECT " + ROOM_COLUMNS + " FROM rooms WHERE id IN ("
                + InLists.markers(binds.size()) + ")", binds.toArray())) {
            found.put(room.id(), room);
        }
        return found;
    }

    private static Optional<Room> oneRoom(Connection connection, String condition, String... values)
            throws SQLException {
        List<Room> found = rooms(connection, "SELECT " + ROOM_COLUMNS + " FROM rooms WHERE " + condition, values);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    static List<Room> rooms(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values);
            try (ResultSet rows = statement.executeQuery()) {
                List<Room> rooms = new ArrayList<>();
                while (rows.next()) {
                    rooms.add(readRoom(rows));
                }
                return rooms;
            }
        }
    }

    /** Runs {@code sql} (an INSERT, UPDATE or DELETE) with {@code values} bound; answers the rows it changed. */
    static int update(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values);
            return statement.executeUpdate();
        }
    }

    /** The single number {@code sql} answers (a {@code count(*)}). */
    static long count(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The first row's {@code id, username, name} as a sender (an agent), or empty. */
    static Optional<Sender> sender(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(new Sender(rows.getString(1), rows.getString(2), rows.getString(3)))
                        : Optional.empty();
            }
        }
    }

    static List<Message> messages(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values);
            try (ResultSet rows = statement.executeQuery()) {
                List<Message> messages = new ArrayList<>();
                while (rows.next()) {
                    messages.add(readMessage(rows));
                }
                return messages;
            }
        }
    }

    static Optional<Message> message(Connection connection, String id) throws SQLException {
        List<Message> found = messages(connection, "SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Binds strings, longs, integers and doubles by position; null binds SQL NULL. */
    static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value instanceof Long number) {
                statement.setLong(i + 1, number);
            } else if (value instanceof Integer number) {
                statement.setInt(i + 1, number);
            } else if (value instanceof Boolean flag) {
                statement.setBoolean(i + 1, flag);
            } else if (value == null) {
                statement.setNull(i + 1, Types.VARCHAR);
            } else {
                statement.setString(i + 1, value.toString());
            }
        }
    }

    /**
     * Appends {@code message} to its room, counting it in {@code msgs} and {@code lm} when {@code counted}. False
     * when the id is taken (the caller decides whether that is a retry of the same send).
     */
    static boolean append(Connection connection, Message message, boolean counted) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO messages (id, rid, t, msg, u_id, u_username, u_name, token, extra, ts, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            bind(statement, message.id(), message.rid(), message.type(), message.msg(), message.u().id(),
                    message.u().username(), message.u().name(), message.token(), message.extraJson(),
                    message.ts().toEpochMilli(), message.updatedAt().toEpochMilli());
            if (statement.executeUpdate() == 0) {
                return false;
            }
        }
        if (!counted) {
            return true;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE rooms SET msgs = msgs + 1, lm = ?, updated_at = ? WHERE id = ?")) {
            bind(statement, message.ts().toEpochMilli(), message.ts().toEpochMilli(), message.rid());
            statement.executeUpdate();
        }
        return true;
    }

    /**
     * Appends {@code messages} (visitors' messages: no type) with multi-row inserts over
     * {@link InLists#powerOfTwoRuns}, uncounted, skipping any whose id (or channel message id) is taken; answers the
     * rows inserted. {@code channelAppId} null: no channel ids; else {@code channelMessageIds} holds each message's.
     */
    static int appendAll(Connection connection, List<Message> messages, String channelAppId,
                         List<String> channelMessageIds) throws SQLException {
        int inserted = 0;
        int from = 0;
        for (List<Message> run : InLists.powerOfTwoRuns(messages)) {
            inserted += appendRun(connection, run, channelAppId,
                    channelAppId == null ? null : channelMessageIds.subList(from, from + run.size()));
            from += run.size();
        }
        return inserted;
    }

    private static int appendRun(Connection connection, List<Message> rows, String channelAppId,
                                 List<String> channelMessageIds) throws SQLException {
        boolean channel = channelAppId != null;
        String sql = APPEND_ALL + InLists.rows(channel ? CHANNEL_ROW : VISITOR_ROW, rows.size())
                + " ON CONFLICT DO NOTHING";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            for (int i = 0; i < rows.size(); i++) {
                Message message = rows.get(i);
                statement.setString(index++, message.id());
                statement.setString(index++, message.rid());
                statement.setString(index++, message.msg());
                statement.setString(index++, message.u().id());
                statement.setString(index++, message.u().username());
                statement.setString(index++, message.u().name());
                statement.setString(index++, message.token());
                statement.setLong(index++, message.ts().toEpochMilli());
                statement.setLong(index++, message.updatedAt().toEpochMilli());
                if (channel) {
                    statement.setString(index++, message.extraJson());
                    statement.setString(index++, channelAppId);
                    statement.setString(index++, channelMessageIds.get(i));
                }
            }
            return statement.executeUpdate();
        }
    }

    /**
     * Counts {@code messages}, appended uncounted, on their rooms as {@link #append} one by one would: each room's
     * {@code msgs} grows by its messages here, and its {@code lm} is its last one's; multi-row updates over
     * {@link InLists#powerOfTwoRuns} of the rooms.
     */
    static void countAll(Connection connection, List<Message> messages) throws SQLException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Instant> last = new HashMap<>();
        for (Message message : messages) {
            counts.merge(message.rid(), 1, Integer::sum);
            last.put(message.rid(), message.ts());
        }
        for (List<String> run : InLists.powerOfTwoRuns(List.copyOf(counts.keySet()))) {
            countRun(connection, run, counts, last);
        }
    }

    private static void countRun(Connection connection, List<String> rids, Map<String, Integer> counts,
                                 Map<String, Instant> last) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(COUNT + InLists.rows(COUNT_ROW, rids.size())
                + ") AS counted WHERE rooms.id = counted.column1")) {
            int index = 1;
            for (String rid : rids) {
                statement.setString(index++, rid);
                statement.setInt(index++, counts.get(rid));
                statement.setLong(index++, last.get(rid).toEpochMilli());
            }
            statement.executeUpdate();
        }
    }

    /**
     * Makes {@code agent} the agent of room {@code rid}, which nobody serves, and writes what Rocket.Chat's
     * assignment writes: {@code command: connected} and {@code uj}. Answers those two messages.
     */
    static List<Message> serve(Connection connection, String rid, Sender agent, Instant now) throws SQLException {
        return assign(connection, rid, agent, now, false);
    }

    /**
     * As {@link #serve}, for a room that may have an agent already (a forward): {@code agent} replaces it and the
     * inquiry is taken whatever its status. The caller holds the room's lock and takes the old agent out.
     */
    static List<Message> reassign(Connection connection, String rid, Sender agent, Instant now) throws SQLException {
        return assign(connection, rid, agent, now, true);
    }

    private static List<Message> assign(Connection connection, String rid, Sender agent, Instant now,
                                        boolean replacing) throws SQLException {
        update(connection, "UPDATE rooms SET served_by_id = ?, served_by_username = ?, served_by_ts = ?, "
                + "users_count = users_count + 1, updated_at = ? WHERE id = ?"
                + (replacing ? "" : " AND served_by_id IS NULL"), agent.id(), agent.username(), now.toEpochMilli(),
                now.toEpochMilli(), rid);
        Message connected = JdbcRoomStore.systemMessage(rid, "command", "connected", agent, null,
                "\"groupable\":false", now);
        Message joined = JdbcRoomStore.systemMessage(rid, "uj", agent.username(), agent, null,
                "\"groupable\":false", now);
        append(connection, connected, true);
        append(connection, joined, true);
        addMember(connection, rid, agent.id(), now);
        // However the agent came (taking the inquiry, the widget's agentId, a first message, a forward), the queue
        // agrees.
        update(connection, "UPDATE inquiries SET status = 'taken', taken_at = ?, taken_by_id = ?, updated_at = ? "
                + "WHERE rid = ?" + (replacing ? "" : " AND status = 'queued'"), now.toEpochMilli(), agent.id(),
                now.toEpochMilli(), rid);
        return List.of(connected, joined);
    }

    /** Queues room {@code rid} for an agent: its inquiry (one per room: the database refuses a second). */
    static void enqueue(Connection connection, String rid, String departmentId, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO inquiries (id, rid, status, "
                + "department_id, ts, updated_at) VALUES (?, ?, 'queued', ?, ?, ?)")) {
            bind(statement, RandomIds.id(), rid, departmentId, now.toEpochMilli(), now.toEpochMilli());
            statement.executeUpdate();
        }
    }

    /** A closed room leaves the queue (Rocket.Chat removes its inquiry). */
    private static void dequeue(Connection connection, String rid) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM inquiries WHERE rid = ?")) {
            statement.setString(1, rid);
            statement.executeUpdate();
        }
    }

    /** Puts user {@code userId} in room {@code rid} (Rocket.Chat's subscription); false when it was in already. */
    static boolean addMember(Connection connection, String rid, String userId, Instant now) throws SQLException {
        return update(connection, "INSERT INTO room_members (rid, user_id, ts) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                rid, userId, now.toEpochMilli()) == 1;
    }

    static boolean isMember(Connection connection, String rid, String userId) throws SQLException {
        return count(connection, "SELECT count(*) FROM room_members WHERE rid = ? AND user_id = ?", rid, userId) > 0;
    }

    /**
     * Closes open room {@code room}, as Rocket.Chat's {@code closeRoom}: the closing data ({@code closer},
     * {@code closedBy}, durations, {@code tags}), its members leave and its inquiry goes. Answers the inquiry it
     * removed, or null when the room had none.
     */
    static Inquiry close(Connection connection, Room room, String closer, Sender closedBy, List<String> tags,
                         String tagsJson, Instant now) throws SQLException {
        double chatDuration = Duration.between(room.ts(), now).toMillis() / 1000.0;
        Double serviceTime = room.servedBy() == null ? null
                : Duration.between(room.servedBy().ts(), now).toMillis() / 1000.0;
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE rooms SET open = ?, closed_at = ?, closer = ?, closed_by_id = ?, closed_by_username = ?, "
                        + "chat_duration = ?, service_time_duration = ?, tags = " + tagsJson + ", updated_at = ? "
                        + "WHERE id = ?")) {
            bind(statement, false, now.toEpochMilli(), closer, closedBy.id(), closedBy.username());
            statement.setDouble(6, chatDuration);
            if (serviceTime == null) {
                statement.setNull(7, Types.DOUBLE);
            } else {
                statement.setDouble(7, serviceTime);
            }
            statement.setString(8, tags.isEmpty() ? null : JsonColumns.writeList(tags));
            statement.setLong(9, now.toEpochMilli());
            statement.setString(10, room.id());
            statement.executeUpdate();
        }
        update(connection, "DELETE FROM room_members WHERE rid = ?", room.id());
        Inquiry inquiry = JdbcInquiryStore.findByRoom(connection, room.id()).orElse(null);
        dequeue(connection, room.id());
        return inquiry;
    }

    /**
     * Erases every room of a visitor and their messages (Rocket.Chat's {@code cleanGuestHistory}); answers the
     * erased rooms' ids.
     */
    static List<String> eraseRoomsOf(Connection connection, String visitorId) throws SQLException {
        List<String> erased = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT id FROM rooms WHERE visitor_id = ?")) {
            statement.setString(1, visitorId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    erased.add(rows.getString(1));
                }
            }
        }
        update(connection, "DELETE FROM room_members WHERE rid IN (SELECT id FROM rooms WHERE visitor_id = ?)",
                visitorId);
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM channel_outbox WHERE rid IN (SELECT id FROM rooms WHERE visitor_id = ?)")) {
            statement.setString(1, visitorId);
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM inquiries WHERE rid IN (SELECT id FROM rooms WHERE visitor_id = ?)")) {
            statement.setString(1, visitorId);
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM messages WHERE rid IN (SELECT id FROM rooms WHERE visitor_id = ?)")) {
            statement.setString(1, visitorId);
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM rooms WHERE visitor_id = ?")) {
            statement.setString(1, visitorId);
            statement.executeUpdate();
        }
        return erased;
    }

    static Room readRoom(ResultSet rows) throws SQLException {
        String servedById = rows.getString(12);
        Room.ServedBy servedBy = servedById == null ? null
                : new Room.ServedBy(servedById, rows.getString(13), instant(rows, 14));
        Instant closedAt = instant(rows, 20);
        Room.Closing closing = closedAt == null ? null : new Room.Closing(closedAt, rows.getString(21),
                rows.getString(22), rows.getString(23), rows.getDouble(24), nullableDouble(rows, 25),
                JsonColumns.readStringList(rows.getString(26)));
        return new Room(rows.getString(1),
                new Room.RoomVisitor(rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5)),
                rows.getString(6), rows.getBoolean(7), rows.getString(8),
                new Room.Source(rows.getString(9), rows.getString(10), rows.getString(11)), servedBy,
                rows.getInt(15), rows.getInt(16), instant(rows, 17), instant(rows, 18), instant(rows, 19), closing);
    }

    static Message readMessage(ResultSet rows) throws SQLException {
        String editedById = rows.getString(13);
        return new Message(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                new Sender(rows.getString(5), rows.getString(6), rows.getString(7)), rows.getString(8),
                rows.getString(9), instant(rows, 10), instant(rows, 11), instant(rows, 12),
                editedById == null ? null : new Sender(editedById, rows.getString(14), null), instant(rows, 15));
    }

    static Instant instant(ResultSet rows, int column) throws SQLException {
        long millis = rows.getLong(column);
        return rows.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static Double nullableDouble(ResultSet rows, int column) throws SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? null : value;
    }
}
