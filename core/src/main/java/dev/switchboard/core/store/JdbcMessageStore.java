package dev.switchboard.core.store;

import static dev.switchboard.core.store.ConversationRows.MESSAGE_COLUMNS;
import static dev.switchboard.core.store.ConversationRows.VISIBLE;

import dev.switchboard.core.conversation.Message;
import dev.switchboard.core.conversation.Message.Sender;
import dev.switchboard.core.conversation.Room;
import dev.switchboard.core.desk.Inquiry;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.ConversationRows.Caller;
import dev.switchboard.core.webhook.DeskEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Messages of livechat rooms: visitors' and agents' sends (idempotent by {@code _id}), edits, deletions (kept as
 * tombstones without their text, so a sync can report them), navigation history, a room's history and sync.
 */
public final class JdbcMessageStore {
    /** The most messages one sync answers with (its newest updates). */
    public static final int SYNC_LIMIT = 1000;

    private final Database database;
    private final VisitorMessages visitorMessages;
    private final DeskEvents deskEvents;

    /** {@code deskEvents} records the webhook events of its changes, in their transactions. */
    public JdbcMessageStore(Database database, DeskEvents deskEvents) {
        this.database = database;
        this.deskEvents = deskEvents;
        this.visitorMessages = new VisitorMessages(database.dialect(), deskEvents);
    }

    /** A send's outcome: the stored message, and false when it was a retry that stored nothing new. */
    public record Sent(Message message, boolean created) { }

    /**
     * An agent's send: the message, and when the sender has just become the room's agent, the room, the
     * system messages that say so ({@code command: connected}, {@code uj}) and the room's inquiry, now taken;
     * {@code outbox} (null otherwise) when the message waits in the outbox for the room's channel app.
     */
    public record AgentSent(Message message, boolean created, Room servedRoom, List<Message> joinMessages,
                            Inquiry takenInquiry, JdbcChannelStore.Due outbox) {
        /** True when the message waits in the outbox for the room's channel app. */
        public boolean queued() {
            return outbox != null;
        }
    }

    /**
     * Who sends as a user: a manager may write into any room; a user with the agent role into the room it serves,
     * or into a room nobody serves, which it then takes.
     */
    public record UserSender(String id, String username, String name, boolean manager, boolean agent) {
        Sender sender() {
            return new Sender(id, username, name);
        }
    }

    /** A page of a visitor's room: the visitor's id (the room's owner) and the messages. */
    public record History(String visitorId, List<Message> messages) { }

    /** What changed in a room after a time: messages written or edited, and ids deleted. */
    public record Sync(List<Message> updated, List<Message> deleted) { }

    /**
     * A visitor's message into its open room; a retry with the same {@code id} answers the stored message. Messages
     * that wait together are written set-based ({@link VisitorMessages}), each answered after the synced commit.
     */
    public CompletableFuture<Sent> sendAsVisitor(String token, String rid, String id, String msg, Instant now) {
        return database.transactions().submit(visitorMessages, new VisitorMessages.Request(token, rid, id, msg, now),
                Durability.SYNCED).thenApply(VisitorMessages.Outcome::sentOrThrow);
    }

    /** Edits the visitor's own message {@code id} of room {@code rid}. */
    public CompletableFuture<Message> editAsVisitor(String token, String rid, String id, String msg, Instant now) {
        return database.transactions().submit(connection -> {
            Message message = ownMessage(connection, token, rid, id, "Message editing not allowed");
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE messages SET msg = ?, edited_at = ?, edited_by_id = ?, edited_by_username = ?, "
                            + "updated_at = ? WHERE id = ?")) {
                ConversationRows.bind(statement, msg, now.toEpochMilli(), message.u().id(), message.u().username(),
                        now.toEpochMilli(), id);
                statement.executeUpdate();
            }
            return ConversationRows.message(connection, id).orElseThrow();
        });
    }

    /** Deletes the visitor's own message: its text goes, a tombstone stays for {@link #sync}. */
    public CompletableFuture<Message> deleteAsVisitor(String token, String rid, String id, Instant now) {
        return database.transactions().submit(connection -> {
            ownMessage(connection, token, rid, id, "Message deleting not allowed");
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE messages SET msg = '', extra = NULL, deleted_at = ?, updated_at = ? WHERE id = ?")) {
                ConversationRows.bind(statement, now.toEpochMilli(), now.toEpochMilli(), id);
                statement.executeUpdate();
            }
            return ConversationRows.message(connection, id).orElseThrow();
        });
    }

    /**
     * Records a page the visitor visited as a hidden {@code livechat_navigation_history} message of its room
     * (open or closed), written by {@code rocket.cat} as Rocket.Chat does.
     */
    public CompletableFuture<Message> pageVisited(String token, String rid, String msg, String navigationJson,
                                                  Instant now) {
        return database.transactions().submit(connection -> {
            Caller caller = ConversationRows.lockCaller(connection, database.dialect(), token);
            ConversationRows.roomOf(connection, rid, caller.id(), "").orElseThrow(ConversationRows::invalidRoom);
            Message message = JdbcRoomStore.systemMessage(rid, "livechat_navigation_history", msg,
                    new Sender("rocket.cat", "rocket.cat", null), null,
                    "\"navigation\":" + navigationJson + ",\"_hidden\":true", now);
            ConversationRows.append(connection, message, false);
            return message;
        });
    }

    /** A page of the visible messages of the visitor's room {@code rid}, newest first, older than {@code end}. */
    public CompletableFuture<History> history(String token, String rid, Instant end, int offset, int limit) {
        return database.read(connection -> {
            Caller caller = ConversationRows.findCaller(connection, token, "")
                    .orElseThrow(ConversationRows::invalidToken);
            ConversationRows.roomOf(connection, rid, caller.id(), "").orElseThrow(ConversationRows::invalidRoom);
            List<Object> values = new ArrayList<>(List.of(rid));
            String before = "";
            if (end != null) {
                before = " AND ts < ?";
                values.add(end.toEpochMilli());
            }
            values.add(limit);
            values.add(offset);
            return new History(caller.id(), ConversationRows.messages(connection, "SELECT " + MESSAGE_COLUMNS
                    + " FROM messages WHERE rid = ?" + before + " AND " + VISIBLE
                    + " ORDER BY ts DESC, id DESC LIMIT ? OFFSET ?", values.toArray()));
        });
    }

    /**
     * A user's message into a livechat room. An agent sending into an open room nobody serves, from a queue it sees
     * (the public one or its departments'; any, for a manager), becomes its agent first (Rocket.Chat's assignment
     * writes {@code command: connected} and {@code uj}); Rocket.Chat's room access lets an agent into a queued room
     * of those queues only. A closed room takes messages from those Rocket.Chat's room access lets in (its agent,
     * managers), as {@code chat.sendMessage} checks no more.
     */
    public CompletableFuture<AgentSent> sendAsUser(UserSender user, String rid, String id, String msg, Instant now) {
        return database.transactions().submit(connection -> {
            Room room = ConversationRows.room(connection, rid, database.dialect().rowLock())
                    .orElseThrow(() -> ApiError.plain("error-invalid-room"));
            boolean serving = room.servedBy() != null && room.servedBy().id().equals(user.id());
            boolean takes = room.open() && room.servedBy() == null && user.agent()
                    && (user.manager() || JdbcInquiryStore.inQueueOf(connection, user.id(), room.departmentId()));
            // Rocket.Chat's canSendMessage throws plain errors for both.
            if (!user.manager() && !serving && !takes) {
                throw ApiError.plain("error-not-allowed");
            }
            Room served = null;
            List<Message> joined = List.of();
            Inquiry taken = null;
            if (takes) {
                joined = ConversationRows.serve(connection, rid, user.sender(), now);
                served = ConversationRows.room(connection, rid, "").orElseThrow();
                taken = JdbcInquiryStore.findByRoom(connection, rid).orElse(null);
                deskEvents.record(connection, DeskEvent.taken(rid));
            }
            // After a join, one millisecond later: history orders by ts, and the agent joined before it wrote.
            Instant at = joined.isEmpty() ? now : now.plusMillis(1);
            Message message = new Message(id, rid, null, msg, user.sender(), null, null, at, at, null, null, null);
            Sent sent = deskEvents.recordSent(connection, store(connection, message));
            // A channel app's room: the message goes out through the app, recorded in this same transaction.
            boolean queued = sent.created() && JdbcChannelStore.APP_SOURCE.equals(room.source().type());
            Message stored = queued ? JdbcChannelStore.enqueue(connection, sent.message(), room.source().id())
                    : sent.message();
            return new AgentSent(stored, sent.created(), served, joined, taken,
                    queued ? JdbcChannelStore.queuedRow(sent.message(), room.source().id()) : null);
        });
    }

    /** The room's messages changed after {@code since} (newest first, at most {@link #SYNC_LIMIT}) and deleted. */
    public CompletableFuture<Sync> sync(String rid, Instant since) {
        return database.read(connection -> {
            long after = since.toEpochMilli();
            List<Message> updated = ConversationRows.messages(connection, changed(VISIBLE, ">", "ts", " DESC"),
                    changedBinds(rid, after, SYNC_LIMIT));
            List<Message> deleted = ConversationRows.messages(connection,
                    changed("deleted_at IS NOT NULL", ">", "ts", " DESC"), changedBinds(rid, after, SYNC_LIMIT));
            return new Sync(updated, deleted);
        });
    }

    /**
     * One page of Rocket.Chat's cursor form of {@code chat.syncMessages}: up to {@code limit} of the room's visible
     * messages changed (or, {@code deleted}, deleted) after the time {@code cursor} (epoch ms), oldest first, or,
     * {@code backwards}, before it, newest first.
     */
    public CompletableFuture<List<Message>> syncPage(String rid, boolean deleted, boolean backwards, long cursor,
                                                     int limit) {
        String order = backwards ? " DESC" : "";
        String comparison = backwards ? "<" : ">";
        if (!deleted) {
            return database.read(connection -> ConversationRows.messages(connection,
                    changed(VISIBLE, comparison, "updated_at", order), changedBinds(rid, cursor, limit)));
        }
        return database.read(connection -> ConversationRows.messages(connection, "SELECT " + MESSAGE_COLUMNS
                + " FROM messages WHERE rid = ? AND deleted_at IS NOT NULL AND deleted_at " + comparison + " ?"
                + " ORDER BY deleted_at" + order + ", id" + order + " LIMIT ?", rid, cursor, limit));
    }

    /**
     * The room's messages meeting {@code condition} whose {@code updated_at} is {@code comparison} ({@code >} or
     * {@code <}) a time, ordered by {@code column} ({@code ts} or {@code updated_at}) in {@code direction}, then
     * id, and limited; bound with {@link #changedBinds}. In two parts, each limited, then merged: the messages
     * unchanged since they were sent ({@code updated_at = ts}) through the history index by {@code ts}, the others
     * through {@code messages_changed} (V27), which holds only them, so that a new message writes no index by
     * {@code updated_at}.
     */
    private static String changed(String condition, String comparison, String column, String direction) {
        String order = " ORDER BY %s" + direction + ", id" + direction + " LIMIT ?";
        String unchanged = "SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE rid = ? AND ts " + comparison
                + " ? AND updated_at = ts AND " + condition + String.format(order, "ts"); // ts is updated_at here
        String changed = "SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE rid = ? AND updated_at " + comparison
                + " ? AND updated_at <> ts AND " + condition + String.format(order, column);
        return "SELECT * FROM (" + unchanged + ") AS unchanged UNION ALL SELECT * FROM (" + changed + ") AS changed"
                + String.format(order, column);
    }

    private static Object[] changedBinds(String rid, long time, int limit) {
        return new Object[] {rid, time, limit, rid, time, limit, limit};
    }

    /** Records the webhook event of a message stored now (a retried send reports nothing again). */

    /** Stores {@code message}, or answers the one already stored under its id when this is the same send again. */
    static Sent store(Connection connection, Message message) throws SQLException {
        return store(connection, message, true);
    }

    /** {@link #store(Connection, Message)}; {@code counted} false leaves the room's counters to the caller. */
    static Sent store(Connection connection, Message message, boolean counted) throws SQLException {
        if (ConversationRows.append(connection, message, counted)) {
            return new Sent(message, true);
        }
        Optional<Message> stored = ConversationRows.message(connection, message.id());
        if (stored.isPresent() && sameSend(stored.get(), message)) {
            return new Sent(stored.get(), false);
        }
        throw ApiError.meteor("error-message-id-taken", "A message with this _id already exists");
    }

    private static boolean sameSend(Message stored, Message sent) {
        return stored.rid().equals(sent.rid()) && stored.u().id().equals(sent.u().id()) && stored.type() == null
                && !stored.deleted() && stored.msg().equals(sent.msg());
    }

    /** The caller's own plain message {@code id} of its room {@code rid}; Rocket.Chat's errors otherwise. */
    private Message ownMessage(Connection connection, String token, String rid, String id, String notAllowed)
            throws SQLException {
        Caller caller = ConversationRows.lockCaller(connection, database.dialect(), token);
        ConversationRows.roomOf(connection, rid, caller.id(), "").orElseThrow(ConversationRows::invalidRoom);
        Message message = ConversationRows.message(connection, id)
                .filter(found -> found.rid().equals(rid) && !found.deleted())
                .orElseThrow(() -> ApiError.plain("invalid-message"));
        if (message.type() != null || !message.u().id().equals(caller.id())) {
            throw ApiError.meteor("error-action-not-allowed", notAllowed);
        }
        return message;
    }
}
