package dev.switchboard.core.store;

import static dev.switchboard.core.store.ConversationRows.MESSAGE_COLUMNS;
import static dev.switchboard.core.store.ConversationRows.ROOM_COLUMNS;

import dev.switchboard.core.conversation.ChannelRoomTakenException;
import dev.switchboard.core.conversation.ChannelStatus;
import dev.switchboard.core.conversation.Message;
import dev.switchboard.core.conversation.Message.Sender;
import dev.switchboard.core.conversation.Room;
import dev.switchboard.core.store.ConversationRows.Caller;
import dev.switchboard.core.store.JdbcRoomStore.Opened;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Channel apps' rooms (source {@code app}, the app's id) and their messages both ways: inbound messages stored
 * once per channel message id, agents' messages waiting in {@code channel_outbox} (written with the message, in
 * {@link JdbcMessageStore#sendAsUser}) until their app takes them, and the statuses the app reports. Every method
 * takes the app id the host bound, and touches only that app's rooms and messages.
 */
public final class JdbcChannelStore {
    /** The room source type of channel apps' rooms (Rocket.Chat's {@code OmnichannelSourceType.APP}). */
    public static final String APP_SOURCE = "app";
    private static final String APP_ROOM = "source_type = '" + APP_SOURCE + "' AND source_id = ?";

    private final Database database;
    private final JdbcRoomStore rooms;
    private final ChannelPosts posts;

    /** {@code deskEvents} records the webhook events of inbound messages, in their transactions. */
    public JdbcChannelStore(Database database, JdbcRoomStore rooms, DeskEvents deskEvents) {
        this.database = database;
        this.rooms = rooms;
        this.posts = new ChannelPosts(database.dialect(), deskEvents, this::openOwn);
    }

    /** An inbound message as the app's content was rendered: {@code msg} and the extra members. */
    public record Inbound(String channelMessageId, String msg, String extraJson) { }

    /**
     * A post's outcome: the message, false when an earlier post of the channel message id stored it, and the
     * room's opening when this post opened the room ({@code null} when the room was open already, or for a retry).
     */
    public record Posted(Message message, boolean created, Opened opened) { }

    /** A receipt's outcome: whether the app has an agent message with that channel id, and the message if it moved. */
    public record Receipted(boolean known, Message changed) { }

    /** A row of the outbox that is due, as a node sees it before claiming it. */
    public record Due(String messageId, String appId, long nextAttemptAt) { }

    /** A claimed agent message with what the app needs to send it. */
    public record Outbound(String messageId, String appId, String rid, String visitorId, String visitorToken,
                           String text, Sender agent, Instant sentAt, Instant lastInboundAt, int attempt) { }

    /** Routing of a room the app opens: the same settings a widget's room follows. */
    public record Routing(boolean acceptWithoutAgents, boolean autoSelection) { }

    /** The visitor's open room of {@code appId}, opened now when it has none. */
    public CompletableFuture<Opened> open(String appId, String token, String alias, Routing routing, Instant now) {
        return database.transactions().submit(connection ->
                openOwn(connection, appId, lockCaller(connection, token), alias, routing, now));
    }

    /** Stores an inbound message in the visitor's room of {@code appId}, once per channel message id. */
    public CompletableFuture<Posted> post(String appId, String token, String alias, Inbound inbound, Routing routing,
                                          Instant now) {
        return database.transactions().submit(connection -> {
            PostResult result = posts.postAll(connection, appId, List.of(new ChannelPost(token, alias, inbound)),
                    routing, now).get(0);
            if (result.refusal() == Refusal.UNKNOWN_VISITOR) {
                throw ConversationRows.invalidToken();
            }
            if (result.refusal() == Refusal.ROOM_TAKEN) {
                throw new ChannelRoomTakenException();
            }
            return result.posted();
        });
    }

    /** One message of {@link #postAll}: what {@link #post} takes. */
    public record ChannelPost(String token, String alias, Inbound inbound) { }

    /** Why {@link #postAll} did not post one message, where {@link #post} fails. */
    public enum Refusal {
        /** The visitor's open room belongs to another source ({@link ChannelRoomTakenException}). */
        ROOM_TAKEN,
        /** No live visitor has the token (invalid-token). */
        UNKNOWN_VISITOR
    }

    /** One message's outcome in {@link #postAll}: posted, or refused. */
    public record PostResult(Posted posted, Refusal refusal) { }

    /**
     * Stores many inbound messages, each as {@link #post} would at its place in the list, in one transaction,
     * set-based ({@link ChannelPosts}). A message whose visitor is unknown or in another source's room is refused
     * alone, having written nothing; anything else fails the whole transaction. A room's messages get increasing
     * timestamps in list order, so its history shows them in that order.
     */
    public CompletableFuture<List<PostResult>> postAll(String appId, List<ChannelPost> posts, Routing routing,
                                                       Instant now) {
        return database.transactions().submit(connection -> this.posts.postAll(connection, appId, posts, routing,
                now));
    }

    /** One of the app's rooms. */
    public CompletableFuture<Optional<Room>> findRoom(String appId, String rid) {
        return database.read(connection -> {
            List<Room> found = ConversationRows.rooms(connection, "SELECT " + ROOM_COLUMNS + " FROM rooms WHERE id = ? "
                    + "AND " + APP_ROOM, rid, appId);
            return found.stream().findFirst();
        });
    }

    /** Replaces the text of a visitor's message the app posted; empty when it has none such (or it was revoked). */
    public CompletableFuture<Optional<Message>> edit(String appId, String channelMessageId, String text, Instant now) {
        return database.transactions().submit(connection -> {
            Optional<Message> found = inbound(connection, appId, channelMessageId);
            if (found.isEmpty()) {
                return found;
            }
            ConversationRows.update(connection, "UPDATE messages SET msg = ?, edited_at = ?, edited_by_id = u_id, "
                    + "edited_by_username = u_username, updated_at = ? WHERE id = ?", text, now.toEpochMilli(),
                    now.toEpochMilli(), found.get().id());
            return ConversationRows.message(connection, found.get().id());
        });
    }

    /** Deletes a visitor's message the app posted (a tombstone stays, as a visitor's delete leaves). */
    public CompletableFuture<Optional<Message>> revoke(String appId, String channelMessageId, Instant now) {
        return database.transactions().submit(connection -> {
            Optional<Message> found = inbound(connection, appId, channelMessageId);
            if (found.isPresent()) {
                ConversationRows.update(connection, "UPDATE messages SET msg = '', extra = NULL, deleted_at = ?, "
                        + "updated_at = ? WHERE id = ?", now.toEpochMilli(), now.toEpochMilli(), found.get().id());
            }
            return found;
        });
    }

    /** Applies a channel's receipt to the agent message of {@code appId} it names, if it moves its status. */
    public CompletableFuture<Receipted> receipt(String appId, String channelMessageId, String status, Instant at,
                                                ChannelStatus.Error error, Instant now) {
        return database.transactions().submit(connection -> {
            Optional<String[]> found = outboundStatus(connection, "channel_app_id = ? AND channel_message_id = ?",
                    appId, channelMessageId);
            if (found.isEmpty()) {
                return new Receipted(false, null);
            }
            String[] row = found.get();
            if (!ChannelStatus.advances(row[1], status)) {
                return new Receipted(true, null);
            }
            Message changed = setStatus(connection, row[0], new ChannelStatus(appId, status,
                    at == null ? now : at, channelMessageId, error), now);
            return new Receipted(true, changed);
        });
    }

    /**
     * Puts an agent's new message into a channel app's room on the way out, inside the write that stored it:
     * the outbox row, and the {@code pending} status on the message. Answers the message as it is now.
     */
    static Message enqueue(Connection connection, Message message, String appId) throws SQLException {
        long millis = message.ts().toEpochMilli();
        ConversationRows.update(connection, "INSERT INTO channel_outbox (message_id, app_id, rid, attempts, "
                + "next_attempt_at, created_at) VALUES (?, ?, ?, 0, ?, ?)", message.id(), appId, message.rid(),
                millis, millis);
        return setStatus(connection, message.id(), new ChannelStatus(appId, ChannelStatus.PENDING, message.ts(),
                null, null), message.updatedAt());
    }

    /** The outbox row {@link #enqueue} writes for {@code message}, as {@link #claim} expects it while it is new. */
    static Due queuedRow(Message message, String appId) {
        return new Due(message.id(), appId, message.ts().toEpochMilli());
    }

    /**
     * Outbox rows due by {@code now} for the given apps, oldest first, at most {@code limit}; only the oldest row
     * of each room, so that a room's messages reach its app in the order agents wrote them.
     */
    public CompletableFuture<List<Due>> due(Collection<String> appIds, Instant now, int limit) {
        if (appIds.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return database.read(connection -> {
            List<Object> values = new ArrayList<>(appIds);
            values.add(now.toEpochMilli());
            values.add(limit);
            try (PreparedStatement statement = connection.prepareStatement("SELECT o.message_id, o.app_id, "
                    + "o.next_attempt_at FROM channel_outbox o WHERE o.app_id IN (" + InLists.markers(appIds.size())
                    + ") AND o.next_attempt_at <= ? AND NOT EXISTS (SELECT 1 FROM channel_outbox p WHERE p.rid = "
                    + "o.rid AND (p.created_at < o.created_at OR (p.created_at = o.created_at AND p.message_id < "
                    + "o.message_id))) ORDER BY o.next_attempt_at LIMIT ?")) {
                ConversationRows.bind(statement, values.toArray());
                try (ResultSet rows = statement.executeQuery()) {
                    List<Due> due = new ArrayList<>();
                    while (rows.next()) {
                        due.add(new Due(rows.getString(1), rows.getString(2), rows.getLong(3)));
                    }
                    return due;
                }
            }
        });
    }

    /**
     * Takes a row for one attempt: counts it and leases it until {@code leaseUntil}, unless another node took it
     * first (its due time moved), or an older message of its room still waits (a room's messages reach the app in
     * the order agents wrote them; {@link #due} lists only the oldest, a row handed over as it is queued may not be).
     * Empty when it is taken, gone or not the oldest.
     *
     * <p>Not synced to disk on its own ({@link Durability#CRASH_SAFE}): a claim a power loss undoes leaves the row
     * due, to be handed over again, which at-least-once allows; the app's answer is synced when it is recorded.
     */
    public CompletableFuture<Optional<Outbound>> claim(Due due, Instant leaseUntil) {
        return database.transactions().submit(connection -> {
            int claimed = ConversationRows.update(connection, "UPDATE channel_outbox SET attempts = attempts + 1, "
                    + "next_attempt_at = ? WHERE message_id = ? AND next_attempt_at = ? AND NOT EXISTS (SELECT 1 "
                    + "FROM channel_outbox p WHERE p.rid = channel_outbox.rid AND (p.created_at < "
                    + "channel_outbox.created_at OR (p.created_at = channel_outbox.created_at AND p.message_id < "
                    + "channel_outbox.message_id)))", leaseUntil.toEpochMilli(), due.messageId(), due.nextAttemptAt());
            return claimed == 0 ? Optional.<Outbound>empty() : outbound(connection, due.messageId());
        }, Durability.CRASH_SAFE);
    }

    /** The app took the message: it leaves the outbox as {@code accepted}, with the channel's id when given. */
    public CompletableFuture<Optional<Message>> accepted(String messageId, String appId, String channelMessageId,
                                                         Instant now) {
        return settle(messageId, connection -> {
            String id = channelMessageId;
            if (id != null && channelMessage(connection, appId, id).isPresent()) {
                id = null; // the app gave an id it gave before; the first message keeps it for receipts
            }
            return new ChannelStatus(appId, ChannelStatus.ACCEPTED, now, id, null);
        }, now);
    }

    /** The message will not be sent: it leaves the outbox as {@code failed}. */
    public CompletableFuture<Optional<Message>> failed(String messageId, String appId, ChannelStatus.Error error,
                                                       Instant now) {
        return settle(messageId, connection -> new ChannelStatus(appId, ChannelStatus.FAILED, now, null, error), now);
    }

    /** The app answered retry later: the row is due again at {@code nextAttempt}. */
    public CompletableFuture<Void> retry(String messageId, Instant nextAttempt) {
        return database.transactions().submit(connection -> {
            ConversationRows.update(connection, "UPDATE channel_outbox SET next_attempt_at = ? WHERE message_id = ?",
                    nextAttempt.toEpochMilli(), messageId);
            return null;
        });
    }

    /** How a settled message's status is decided inside its write. */
    private interface Settlement {
        ChannelStatus status(Connection connection) throws SQLException;
    }

    /** Removes the outbox row and sets the status; empty when the row is gone (the visitor was erased). */
    private CompletableFuture<Optional<Message>> settle(String messageId, Settlement settlement, Instant now) {
        return database.transactions().submit(connection -> {
            if (ConversationRows.update(connection, "DELETE FROM channel_outbox WHERE message_id = ?",
                    messageId) == 0) {
                return Optional.<Message>empty();
            }
            return Optional.of(setStatus(connection, messageId, settlement.status(connection), now));
        });
    }

    private static Message setStatus(Connection connection, String messageId, ChannelStatus status, Instant now)
            throws SQLException {
        ChannelStatus.Error error = status.error();
        ConversationRows.update(connection, "UPDATE messages SET channel_app_id = ?, channel_status = ?, "
                + "channel_status_at = ?, channel_message_id = COALESCE(?, channel_message_id), channel_error_code = ?, "
                + "channel_error_title = ?, channel_error_detail = ?, extra = ?, updated_at = ? WHERE id = ?",
                status.appId(), status.status(), status.at().toEpochMilli(), status.channelMessageId(),
                error == null ? null : error.code(), error == null ? null : error.title(),
                error == null ? null : error.detail(), status.extraJson(), now.toEpochMilli(), messageId);
        return ConversationRows.message(connection, messageId).orElseThrow();
    }

    private Caller lockCaller(Connection connection, String token) throws SQLException {
        return ConversationRows.lockCaller(connection, database.dialect(), token);
    }

    private Opened openOwn(Connection connection, String appId, Caller caller, String alias, Routing routing,
                           Instant now) throws SQLException {
        Opened opened = rooms.openIn(connection, caller, new Room.Source(APP_SOURCE, appId, alias),
                routing.acceptWithoutAgents(), routing.autoSelection(), null, now);
        Room.Source source = opened.room().source();
        if (!ownedBy(source.type(), source.id(), appId)) {
            throw new ChannelRoomTakenException();
        }
        return opened;
    }

    /** Whether a room of source {@code sourceType} and {@code sourceId} is one of {@code appId}'s rooms. */
    static boolean ownedBy(String sourceType, String sourceId, String appId) {
        return APP_SOURCE.equals(sourceType) && appId.equals(sourceId);
    }

    private static Optional<Message> channelMessage(Connection connection, String appId, String channelMessageId)
            throws SQLException {
        return ConversationRows.messages(connection, "SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE "
                + "channel_app_id = ? AND channel_message_id = ?", appId, channelMessageId).stream().findFirst();
    }

    /** A visitor's live message the app posted (not an agent's message it delivered). */
    private static Optional<Message> inbound(Connection connection, String appId, String channelMessageId)
            throws SQLException {
        return ConversationRows.messages(connection, "SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE "
                + "channel_app_id = ? AND channel_message_id = ? AND channel_status IS NULL AND deleted_at IS NULL",
                appId, channelMessageId).stream().findFirst();
    }

    /** {@code [id, status]} of the agent message matching {@code condition}. */
    private static Optional<String[]> outboundStatus(Connection connection, String condition, Object... values)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, channel_status FROM messages "
                + "WHERE channel_status IS NOT NULL AND " + condition)) {
            ConversationRows.bind(statement, values);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(new String[] {rows.getString(1), rows.getString(2)})
                        : Optional.empty();
            }
        }
    }

    private static Optional<Outbound> outbound(Connection connection, String messageId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT o.app_id, o.rid, r.visitor_id, "
                + "r.visitor_token, m.msg, m.u_id, m.u_username, m.u_name, m.ts, o.attempts, (SELECT MAX(v.ts) FROM "
                + "messages v WHERE v.rid = o.rid AND v.t IS NULL AND v.token IS NOT NULL) FROM channel_outbox o "
                + "JOIN messages m ON m.id = o.message_id JOIN rooms r ON r.id = o.rid WHERE o.message_id = ?")) {
            statement.setString(1, messageId);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Outbound(messageId, rows.getString(1), rows.getString(2), rows.getString(3),
                        rows.getString(4), rows.getString(5),
                        new Sender(rows.getString(6), rows.getString(7), rows.getString(8)),
                        ConversationRows.instant(rows, 9), ConversationRows.instant(rows, 11), rows.getInt(10)));
            }
        }
    }
}
