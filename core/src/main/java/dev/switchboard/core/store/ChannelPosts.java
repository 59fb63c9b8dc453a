package dev.switchboard.core.store;

import static dev.switchboard.core.store.ConversationRows.MESSAGE_COLUMNS;

import dev.switchboard.core.conversation.ChannelRoomTakenException;
import dev.switchboard.core.conversation.Message;
import dev.switchboard.core.store.ConversationRows.Caller;
import dev.switchboard.core.store.JdbcChannelStore.ChannelPost;
import dev.switchboard.core.store.JdbcChannelStore.PostResult;
import dev.switchboard.core.store.JdbcChannelStore.Posted;
import dev.switchboard.core.store.JdbcChannelStore.Refusal;
import dev.switchboard.core.store.JdbcChannelStore.Routing;
import dev.switchboard.core.store.JdbcRoomStore.Opened;
import dev.switchboard.core.visitor.RandomIds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A channel app's inbound messages stored set-based inside one write ({@link JdbcChannelStore#postAll}), each with
 * the outcome it would have had posted alone at its place in the list: one query for all their visitors (locked in
 * id order on PostgreSQL), one for their channel message ids already stored, one for the visitors' open rooms, a
 * room opened only for a visitor who has none (as alone), multi-row inserts, a multi-row update of the rooms'
 * counters and the webhook events in one go; instead of a lookup, a savepoint, a room lookup, an insert, a counter
 * update and an event per message. A channel message id repeated in the list is stored once, by its first post.
 *
 * <p>A channel message id another node stored meanwhile (the insert skips its row) answers the stored message, as a
 * post alone that lost that race does; the group's other rows stand. No savepoint is paid for that rare case.
 */
final class ChannelPosts {
    private final SqlDialect dialect;
    private final DeskEvents deskEvents;
    private final Opening opening;

    /**
     * Opens the visitor's room of the app as a post alone does; throws {@link ChannelRoomTakenException}, having
     * written nothing, when the visitor's open room is another source's.
     */
    interface Opening {
        Opened open(Connection connection, String appId, Caller caller, String alias, Routing routing, Instant now)
                throws SQLException;
    }

    /** {@code deskEvents} records the stored messages' webhook events in the same transaction. */
    ChannelPosts(SqlDialect dialect, DeskEvents deskEvents, Opening opening) {
        this.dialect = dialect;
        this.deskEvents = deskEvents;
        this.opening = opening;
    }

    /** Stores {@code posts} (not empty) of {@code appId} inside the writer's transaction; outcomes in list order. */
    List<PostResult> postAll(Connection connection, String appId, List<ChannelPost> posts, Routing routing,
                             Instant now) throws SQLException {
        return new Group(connection, appId, posts, routing, now).run();
    }

    /** A message the group inserts: its place in the list, its channel id and its room's opening if it opened it. */
    private record Pending(int index, Message message, String channelMessageId, Opened opened) { }

    /** A visitor's open room as a post needs it: its id and whether it is the app's. */
    private record OpenRoom(String id, boolean owned) { }

    /** Where a post goes: its room, and the room's opening when the post opened it (else null). */
    private record Target(String rid, Opened opened) { }

    /** One call's state. */
    private final class Group {
        private final Connection connection;
        private final String appId;
        private final List<ChannelPost> posts;
        private final Routing routing;
        private final Instant now;
        private final PostResult[] results;
        /** For a channel message id repeated in the list: the index of its first post, which the repeat answers. */
        private final int[] repeatOf;
        private final Map<String, Integer> postedAt = new HashMap<>();
        private final Map<String, Instant> lastInRoom = new HashMap<>();
        private final List<Pending> pending;
        private Map<String, Caller> callers;
        private Map<String, Message> stored;
        private Map<String, OpenRoom> openRooms;

        Group(Connection connection, String appId, List<ChannelPost> posts, Routing routing, Instant now) {
            this.connection = connection;
            this.appId = appId;
            this.posts = posts;
            this.routing = routing;
            this.now = now;
            this.results = new PostResult[posts.size()];
            this.repeatOf = new int[posts.size()];
            this.pending = new ArrayList<>(posts.size());
        }

        List<PostResult> run() throws SQLException {
            Set<String> tokens = new LinkedHashSet<>();
            Set<String> channelMessageIds = new LinkedHashSet<>();
            for (ChannelPost post : posts) {
                tokens.add(post.token());
                channelMessageIds.add(post.inbound().channelMessageId());
            }
            callers = ConversationRows.lockCallers(connection, dialect, tokens);
            stored = stored(channelMessageIds);
            openRooms = openRooms(callers.values());
            for (int i = 0; i < posts.size(); i++) {
                place(i);
            }
            store();
            for (int i = 0; i < posts.size(); i++) {
                if (results[i] == null) {
                    results[i] = new PostResult(new Posted(results[repeatOf[i]].posted().message(), false, null),
                            null);
                }
            }
            return Arrays.asList(results);
        }

        /** Decides post {@code i} as a post alone would now: answered, refused, repeated, or a message to insert. */
        private void place(int i) throws SQLException {
            ChannelPost post = posts.get(i);
            String channelMessageId = post.inbound().channelMessageId();
            Message earlier = stored.get(channelMessageId);
            if (earlier != null) {
                results[i] = new PostResult(new Posted(earlier, false, null), null);
                return;
            }
            Integer first = postedAt.get(channelMessageId);
            if (first != null) {
                repeatOf[i] = first; // answered once the first is stored
                return;
            }
            Caller caller = callers.get(post.token());
            if (caller == null) {
                results[i] = new PostResult(null, Refusal.UNKNOWN_VISITOR);
                return;
            }
            Target target = room(caller, post.alias());
            if (target == null) {
                results[i] = new PostResult(null, Refusal.ROOM_TAKEN);
                return;
            }
            // After a new room's own messages (started at now, an agent joining at now + 1), and after the room's
            // earlier messages in the list, as history orders by ts.
            Instant at = target.opened() != null ? now.plusMillis(2) : now;
            Instant notBefore = lastInRoom.getOrDefault(caller.id(), Instant.MIN).plusMillis(1);
            if (at.isBefore(notBefore)) {
                at = notBefore;
            }
            lastInRoom.put(caller.id(), at);
            postedAt.put(channelMessageId, i);
            pending.add(new Pending(i, new Message(RandomIds.id(), target.rid(), null, post.inbound().msg(),
                    caller.sender(), caller.token(), post.inbound().extraJson(), at, at, null, null, null),
                    channelMessageId, target.opened()));
        }

        /** The caller's open room of the app, opened when it has none; null when its open room is another's. */
        private Target room(Caller caller, String alias) throws SQLException {
            OpenRoom open = openRooms.get(caller.id());
            if (open != null) {
                return open.owned() ? new Target(open.id(), null) : null;
            }
            try {
                Opened opened = opening.open(connection, appId, caller, alias, routing, now);
                openRooms.put(caller.id(), new OpenRoom(opened.room().id(), true));
                return new Target(opened.room().id(), opened.created() ? opened : null);
            } catch (ChannelRoomTakenException e) {
                return null; // another node opened the visitor another source's room meanwhile
            }
        }

        /** Inserts the pending messages, counts them on their rooms and records their events. */
        private void store() throws SQLException {
            if (pending.isEmpty()) {
                return;
            }
            List<Message> messages = new ArrayList<>(pending.size());
            List<String> channelMessageIds = new ArrayList<>(pending.size());
            for (Pending each : pending) {
                messages.add(each.message());
                channelMessageIds.add(each.channelMessageId());
            }
            List<Message> created = messages;
            if (ConversationRows.appendAll(connection, messages, appId, channelMessageIds) == messages.size()) {
                for (Pending each : pending) {
                    results[each.index()] = new PostResult(new Posted(each.message(), true, each.opened()), null);
                }
            } else {
                created = sortOut(channelMessageIds);
            }
            if (!created.isEmpty()) {
                ConversationRows.countAll(connection, created);
                deskEvents.recordMessages(connection, created);
            }
        }

        /**
         * After an insert that skipped rows: another writer stored those channel message ids meanwhile (the database
         * kept the first), so those posts answer the stored message, as a post alone that lost the race does; the
         * rows inserted stand as they are. Answers the new messages.
         */
        private List<Message> sortOut(List<String> channelMessageIds) throws SQLException {
            Map<String, Message> now = stored(channelMessageIds);
            List<Message> created = new ArrayList<>(pending.size());
            for (Pending each : pending) {
                Message found = now.get(each.channelMessageId());
                if (found == null) {
                    throw new IllegalStateException("channel message " + each.channelMessageId() + " was not stored");
                }
                boolean mine = found.id().equals(each.message().id());
                if (mine) {
                    created.add(each.message());
                }
                results[each.index()] = new PostResult(new Posted(mine ? each.message() : found, mine,
                        each.opened()), null);
            }
            return created;
        }

        /** The app's messages already stored with these channel ids, by channel id. */
        private Map<String, Message> stored(Collection<String> channelMessageIds) throws SQLException {
            List<String> binds = InLists.padded(channelMessageIds);
            Map<String, Message> found = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + MESSAGE_COLUMNS
                    + ", channel_message_id FROM messages WHERE channel_app_id = ? AND channel_message_id IN ("
                    + InLists.markers(binds.size()) + ")")) {
                statement.setString(1, appId);
                InLists.bind(statement, 2, binds);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.put(rows.getString(16), ConversationRows.readMessage(rows));
                    }
                }
            }
            return found;
        }

        /** The open rooms of these visitors (one each at most), whatever their source, by visitor id. */
        private Map<String, OpenRoom> openRooms(Collection<Caller> visitors) throws SQLException {
            Map<String, OpenRoom> found = new HashMap<>();
            if (visitors.isEmpty()) {
                return found;
            }
            List<String> binds = InLists.padded(visitors.stream().map(Caller::id).toList());
            try (PreparedStatement statement = connection.prepareStatement("SELECT visitor_id, id, source_type, "
                    + "source_id FROM rooms WHERE visitor_id IN (" + InLists.markers(binds.size()) + ") AND open")) {
                InLists.bind(statement, 1, binds);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.put(rows.getString(1), new OpenRoom(rows.getString(2),
                                JdbcChannelStore.ownedBy(rows.getString(3), rows.getString(4), appId)));
                    }
                }
            }
            return found;
        }
    }
}
