package dev.switchboard.core.store;

import dev.switchboard.core.conversation.Message;
import dev.switchboard.core.conversation.Message.Sender;
import dev.switchboard.core.conversation.Room;
import dev.switchboard.core.desk.Inquiry;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.JdbcRoomStore.Closed;
import dev.switchboard.core.webhook.DeskEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What agents and managers do to a room, each in one transaction: close it ({@code room.closeByUser}), forward it
 * to an agent or a department ({@code room.forward}), join it ({@code room.join}). Every write locks the room's
 * row before its inquiry's, as taking an inquiry does, so a forward racing a take or a close ends in one of the
 * states either order gives, never a mix (PostgreSQL re-reads the locked row; SQLite has one writer).
 */
public final class JdbcRoomRouting {
    private final Database database;
    private final DeskEvents deskEvents;

    /** {@code deskEvents} records the webhook events of closes and forwards, in their transactions. */
    public JdbcRoomRouting(Database database, DeskEvents deskEvents) {
        this.database = database;
        this.deskEvents = deskEvents;
    }

    /**
     * The user acting: who it is and what its permissions let it do beyond its own rooms.
     *
     * @param closesOthers Rocket.Chat's {@code close-others-livechat-room}
     * @param seesAllRooms Rocket.Chat's {@code view-livechat-rooms}
     */
    public record Actor(String id, String username, String name, boolean closesOthers, boolean seesAllRooms) {
        Sender sender() {
            return new Sender(id, username, name);
        }
    }

    /**
     * A forward done: the room now, the messages it wrote in order, the agent that serves the room now (null when
     * it went back to the queue), its inquiry now, and the users it took out of the room.
     */
    public record Forwarded(Room room, List<Message> messages, Sender agent, Inquiry inquiry, List<String> left) { }

    /** A join: the {@code uj} message, or null when the user was in the room already. */
    public record Joined(Message joinMessage) { }

    /** Where a forward goes: an agent, a department, or an agent of a department. */
    public record Target(String departmentId, String userId, String comment) { }

    /**
     * Rocket.Chat's {@code closeRoom} by a user: {@code tags} with the department's {@code chatClosingTags}, the
     * {@code livechat-close} message ({@code comment} may be null) from the user, members out, inquiry gone.
     */
    public CompletableFuture<Closed> closeByUser(Actor actor, String rid, String comment, List<String> tags,
                                                 Instant now) {
        return database.transactions().submit(connection -> {
            Room room = lockRoom(connection, rid);
            // Rocket.Chat's closeLivechatRoom asks who may close before whether the room is open: the agent of a
            // room closed already is no member of it any more, and hears error-not-authorized.
            if (!ConversationRows.isMember(connection, rid, actor.id()) && !actor.closesOthers()) {
                throw ApiError.plain("error-not-authorized");
            }
            if (!room.open()) {
                throw ApiError.plain("error-room-already-closed");
            }
            List<String> closingTags = closingTags(connection, room, tags);
            Sender closer = new Sender(actor.id(), actor.username(), null);
            Inquiry removed = ConversationRows.close(connection, room, "user", closer, closingTags,
                    database.dialect().jsonParameter(), now);
            Message close = JdbcRoomStore.systemMessage(rid, "livechat-close", comment == null ? "" : comment, closer,
                    null, "\"groupable\":false,\"transcriptRequested\":false", now);
            ConversationRows.append(connection, close, true);
            deskEvents.record(connection, DeskEvent.closed(rid));
            return new Closed(ConversationRows.room(connection, rid, "").orElseThrow(), close, removed);
        });
    }

    /**
     * Rocket.Chat's {@code resolveChatTags}: the caller's tags and the department's closing tags, each once; a
     * department with {@code requestTagBeforeClosingChat} wants tags from the caller and closing tags of its own.
     */
    private static List<String> closingTags(Connection connection, Room room, List<String> tags)
            throws SQLException {
        LinkedHashSet<String> all = new LinkedHashSet<>(tags);
        if (room.departmentId() == null) {
            return List.copyOf(all);
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT request_tag_before_closing_chat, chat_closing_tags FROM departments WHERE id = ?")) {
            statement.setString(1, room.departmentId());
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return List.copyOf(all);
                }
                boolean required = rows.getBoolean(1);
                List<String> departmentTags = JsonColumns.readStringList(rows.getString(2));
                if (departmentTags != null) {
                    all.addAll(departmentTags);
                }
                if (required && (tags.isEmpty() || departmentTags == null || departmentTags.isEmpty())) {
                    throw ApiError.plain("error-tags-must-be-assigned-before-closing-chat");
                }
                return List.copyOf(all);
            }
        }
    }

    /**
     * Rocket.Chat's {@code transfer}: to {@code target.departmentId()} (routing there, or the department's queue)
     * or, without one, to agent {@code target.userId()}. {@code autoSelection} is Rocket.Chat's
     * {@code autoAssignAgent}. An empty answer is Rocket.Chat's "no target", which the route reports.
     */
    public CompletableFuture<Optional<Forwarded>> forward(Actor actor, String rid, Target target,
                                                          boolean autoSelection, Instant now) {
        return database.transactions().submit(connection -> {
            Room room = lockRoom(connection, rid);
            if (!room.open()) {
                throw ApiError.plain("This_conversation_is_already_closed");
            }
            if (ConversationRows.count(connection, "SELECT count(*) FROM visitors WHERE id = ? AND erased_at IS NULL",
                    room.visitor().id()) == 0) {
                throw ApiError.plain("error-invalid-visitor");
            }
            if (target.departmentId() == null && target.userId() == null) {
                return Optional.empty();
            }
            Transfer transfer = new Transfer(connection, room, actor, target, now);
            Forwarded forwarded = target.departmentId() != null ? transfer.toDepartment(autoSelection)
                    : transfer.toAgent();
            deskEvents.record(connection, DeskEvent.forwarded(rid,
                    new DeskEvent.Forward(room.servedBy(), room.departmentId())));
            return Optional.of(forwarded);
        });
    }

    /**
     * Rocket.Chat's {@code room.join}: a user who may see the room ({@code canAccessRoom}) becomes a member and
     * writes {@code uj}. {@code previewRoom} is the routing method's (Manual_Selection: agents may see the queued
     * rooms of their departments and the public queue).
     */
    public CompletableFuture<Joined> join(Actor actor, String rid, boolean previewRoom, Instant now) {
        return database.transactions().submit(connection -> {
            Room room = lockRoom(connection, rid);
            if (!room.open()) {
                throw ApiError.plain("room-closed");
            }
            if (!mayAccess(connection, actor, room, previewRoom)) {
                throw ApiError.plain("error-not-allowed");
            }
            if (!ConversationRows.addMember(connection, rid, actor.id(), now)) {
                return new Joined(null);
            }
            ConversationRows.update(connection, "UPDATE rooms SET users_count = users_count + 1, updated_at = ? "
                    + "WHERE id = ?", now.toEpochMilli(), rid);
            Message joined = JdbcRoomStore.systemMessage(rid, "uj", actor.username(), actor.sender(), null,
                    "\"groupable\":false", now);
            ConversationRows.append(connection, joined, true);
            return new Joined(joined);
        });
    }

    /** Rocket.Chat's livechat room access validators, for an open room. */
    private static boolean mayAccess(Connection connection, Actor actor, Room room, boolean previewRoom)
            throws SQLException {
        if (actor.seesAllRooms() || room.servedBy() != null && room.servedBy().id().equals(actor.id())
                || ConversationRows.isMember(connection, room.id(), actor.id())) {
            return true;
        }
        return previewRoom && ConversationRows.count(connection, "SELECT count(*) FROM inquiries WHERE rid = ? AND "
                + "status = 'queued' AND (department_id IS NULL OR department_id IN ("
                + JdbcInquiryStore.AGENT_DEPARTMENTS + "))", room.id(), actor.id()) > 0;
    }

    private Room lockRoom(Connection connection, String rid) throws SQLException {
        return ConversationRows.room(connection, rid, database.dialect().rowLock())
                .orElseThrow(() -> ApiError.plain("error-invalid-room"));
    }

    /** One forward of a locked, open room, as Rocket.Chat's {@code forwardRoomToAgent} / {@code ToDepartment}. */
    private static final class Transfer {
        private final Connection connection;
        private final Room room;
        private final Actor actor;
        private final Target target;
        private final Instant now;
        private final List<Message> written = new ArrayList<>();
        private final List<String> left = new ArrayList<>();
        private Instant at;

        Transfer(Connection connection, Room room, Actor actor, Target target, Instant now) {
            this.connection = connection;
            this.room = room;
            this.actor = actor;
            this.target = target;
            this.now = now;
            this.at = now;
        }

        Forwarded toAgent() throws SQLException {
            Sender agent = JdbcRoomStore.onlineAgent(connection, target.userId())
                    .orElseThrow(() -> ApiError.plain("error-user-is-offline"));
            requireInquiry("error-invalid-inquiry");
            if (room.servedBy() != null && room.servedBy().id().equals(agent.id())) {
                throw ApiError.plain("error-selected-agent-room-agent-are-same");
            }
            take(agent);
            history(null);
            if (room.servedBy() != null) {
                removeMembersBut(agent.id());
            }
            return done(agent);
        }

        Forwarded toDepartment(boolean autoSelection) throws SQLException {
            String departmentId = target.departmentId();
            Department department = department(departmentId);
            requireInquiry("error-transferring-inquiry");
            if (departmentId.equals(room.departmentId())) {
                throw ApiError.plain("error-forwarding-chat-same-department");
            }
            Sender chosen = target.userId() == null ? null : agentOfDepartment(departmentId);
            if (!autoSelection || department.receivesOffline() && !anyOnlineIn(departmentId)) {
                // To the department's queue: nobody serves the room until an agent there takes it.
                history(department);
                moveToDepartment(departmentId);
                ConversationRows.update(connection, "UPDATE inquiries SET status = 'queued', taken_at = NULL, "
                        + "taken_by_id = NULL, updated_at = ? WHERE rid = ?", now.toEpochMilli(), room.id());
                if (room.servedBy() != null) {
                    ConversationRows.update(connection, "UPDATE rooms SET served_by_id = NULL, served_by_username = "
                            + "NULL, served_by_ts = NULL, updated_at = ? WHERE id = ?", now.toEpochMilli(), room.id());
                    removeMembersBut(null);
                }
                return done(null);
            }
            Sender agent = chosen != null ? chosen
                    : AutoSelection.nextAgent(connection, departmentId).orElse(null);
            Room.ServedBy old = room.servedBy();
            if (old != null && (agent == null || agent.id().equals(old.id()))) {
                throw ApiError.plain("error-no-agents-online-in-department");
            }
            if (agent != null) {
                take(agent);
            }
            history(department);
            if (old != null) {
                removeMembersBut(agent.id());
            }
            moveToDepartment(departmentId);
            return done(agent);
        }

        private void requireInquiry(String error) throws SQLException {
            if (JdbcInquiryStore.findByRoom(connection, room.id()).isEmpty()) {
                throw ApiError.plain(error);
            }
        }

        private record Department(String id, String name, boolean receivesOffline) { }

        private Department department(String id) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT id, name, allow_receive_forward_offline FROM departments WHERE id = ?")) {
                statement.setString(1, id);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        throw ApiError.plain("error-invalid-department");
                    }
                    return new Department(rows.getString(1), rows.getString(2), rows.getBoolean(3));
                }
            }
        }

        /** The named agent, online and in the department (Rocket.Chat checks in this order). */
        private Sender agentOfDepartment(String departmentId) throws SQLException {
            Sender agent = JdbcRoomStore.onlineAgent(connection, target.userId())
                    .orElseThrow(() -> ApiError.plain("error-user-is-offline"));
            if (ConversationRows.count(connection, "SELECT count(*) FROM department_agents WHERE department_id = ? "
                    + "AND agent_id = ?", departmentId, agent.id()) == 0) {
                throw ApiError.plain("error-user-not-belong-to-department");
            }
            return agent;
        }

        private boolean anyOnlineIn(String departmentId) throws SQLException {
            return ConversationRows.count(connection, "SELECT count(*) FROM department_agents da JOIN users u ON "
                    + "u.id = da.agent_id WHERE da.department_id = ? AND " + JdbcRoomStore.ONLINE_AGENT,
                    departmentId) > 0;
        }

        /** Rocket.Chat's {@code takeInquiry} + {@code assignAgent}: the agent serves the room. */
        private void take(Sender agent) throws SQLException {
            written.addAll(ConversationRows.reassign(connection, room.id(), agent, next()));
        }

        /** Rocket.Chat's {@code saveTransferHistory}: the {@code livechat_transfer_history} message. */
        private void history(Department department) throws SQLException {
            Map<String, Object> by = new LinkedHashMap<>();
            by.put("_id", actor.id());
            by.put("username", actor.username());
            if (actor.name() != null) {
                by.put("name", actor.name());
            }
            boolean servesIt = room.servedBy() != null && room.servedBy().id().equals(actor.id());
            by.put("userType", servesIt ? "agent" : "user");
            Instant ts = next();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("transferredBy", by);
            data.put("ts", ts.toString());
            data.put("scope", department != null ? "department" : "agent");
            if (target.comment() != null) {
                data.put("comment", target.comment());
            }
            if (room.departmentId() != null) {
                data.put("previousDepartment", room.departmentId());
            }
            if (department != null) {
                data.put("nextDepartment", Map.of("_id", department.id(), "name", department.name()));
            }
            Optional<Sender> to = target.userId() == null ? Optional.empty() : ConversationRows.sender(connection,
                    "SELECT id, username, name FROM users WHERE id = ?", target.userId());
            to.ifPresent(user -> {
                Map<String, Object> transferredTo = new LinkedHashMap<>();
                transferredTo.put("_id", user.id());
                transferredTo.put("username", user.username());
                if (user.name() != null) {
                    transferredTo.put("name", user.name());
                }
                data.put("transferredTo", transferredTo);
            });
            String extra = "\"groupable\":false,\"transferData\":" + JsonColumns.write(data);
            Message message = JdbcRoomStore.systemMessage(room.id(), "livechat_transfer_history", "",
                    new Sender(actor.id(), actor.username(), null), null, extra, ts);
            ConversationRows.append(connection, message, true);
            written.add(message);
        }

        /**
         * Rocket.Chat's {@code removeAllRoomSubscriptions}: every member but {@code keep} (may be null) leaves, with
         * a {@code ul} message each.
         */
        private void removeMembersBut(String keep) throws SQLException {
            List<Sender> leaving = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT m.user_id, u.username, u.name "
                    + "FROM room_members m LEFT JOIN users u ON u.id = m.user_id WHERE m.rid = ? ORDER BY m.ts, "
                    + "m.user_id")) {
                statement.setString(1, room.id());
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        if (!rows.getString(1).equals(keep)) {
                            leaving.add(new Sender(rows.getString(1), rows.getString(2), rows.getString(3)));
                        }
                    }
                }
            }
            Instant ts = next();
            for (Sender user : leaving) {
                ConversationRows.update(connection, "DELETE FROM room_members WHERE rid = ? AND user_id = ?",
                        room.id(), user.id());
                Message message = JdbcRoomStore.systemMessage(room.id(), "ul", user.username() == null ? ""
                        : user.username(), user, null, "\"groupable\":false", ts);
                ConversationRows.append(connection, message, true);
                written.add(message);
                left.add(user.id());
            }
            ConversationRows.update(connection, "UPDATE rooms SET users_count = users_count - ? WHERE id = ?",
                    leaving.size(), room.id());
        }

        /** Rocket.Chat's {@code updateChatDepartment}: the room and its inquiry. */
        private void moveToDepartment(String departmentId) throws SQLException {
            ConversationRows.update(connection, "UPDATE rooms SET department_id = ?, updated_at = ? WHERE id = ?",
                    departmentId, now.toEpochMilli(), room.id());
            ConversationRows.update(connection, "UPDATE inquiries SET department_id = ?, updated_at = ? WHERE rid = ?",
                    departmentId, now.toEpochMilli(), room.id());
        }

        /** Each step's messages one millisecond after the previous step's: history reads in the order written. */
        private Instant next() {
            Instant current = at;
            at = at.plusMillis(1);
            return current;
        }

        private Forwarded done(Sender agent) throws SQLException {
            return new Forwarded(ConversationRows.room(connection, room.id(), "").orElseThrow(), List.copyOf(written),
                    agent, JdbcInquiryStore.findByRoom(connection, room.id()).orElse(null), List.copyOf(left));
        }
    }
}
