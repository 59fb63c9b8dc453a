package dev.switchboard.core.store;

import dev.switchboard.core.conversation.Message;
import dev.switchboard.core.conversation.Room;
import dev.switchboard.core.http.WebhookJson;
import dev.switchboard.core.settings.SettingDefinitions;
import dev.switchboard.core.settings.Settings;
import dev.switchboard.core.visitor.RandomIds;
import dev.switchboard.core.visitor.Visitor;
import dev.switchboard.core.webhook.DeskEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The outbox of omnichannel webhooks: {@link #record} writes an event in the transaction of the change that caused
 * it, so the event exists exactly when the change does (a rollback takes both, a commit keeps both, kill -9 or not).
 * The body is rendered now, from the room as this transaction sees it; {@code WebhookDispatcher} sends it later.
 * Nothing is recorded while {@code Livechat_webhookUrl} is empty or the event's {@code Livechat_webhook_on_*}
 * setting is off, as Rocket.Chat sends nothing then.
 */
public final class DeskEvents {
    /** How the lane of an offline message (one event, no room) starts; a room's lane is its id. */
    public static final String OFFLINE_LANE = "offline:";
    /** Room messages a body lists: what people wrote and the close message (Rocket.Chat's {@code sendMessageType}). */
    private static final String LISTED = "deleted_at IS NULL AND (t IS NULL OR t = 'livechat-close')";

    private final Supplier<Settings> settings;
    private final Clock clock;
    /** Events each thread recorded since it last asked ({@link #recordedSinceAsked}). */
    private final ThreadLocal<long[]> recordedHere = ThreadLocal.withInitial(() -> new long[1]);

    public DeskEvents(Supplier<Settings> settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Records {@code event} in {@code connection}'s transaction (a {@code TransactionQueue.Work}'s), behind the room's
     * earlier events: a room's events go out in the order their transactions commit.
     */
    public void record(Connection connection, DeskEvent event) throws SQLException {
        if (!wanted(settings.get(), event)) {
            return;
        }
        if (event instanceof DeskEvent.RoomEvent roomEvent) {
            Optional<Room> room = ConversationRows.room(connection, roomEvent.rid(), "");
            if (room.isPresent()) {
                recordAll(connection, List.of(roomEvent), Map.of(roomEvent.rid(), room.get()));
            }
        } else if (event instanceof DeskEvent.OfflineMessage offline) {
            JdbcWebhookQueue.enqueue(connection, List.of(new JdbcWebhookQueue.Queued(RandomIds.id(),
                    OFFLINE_LANE + offline.id(), event.type().wireName(), WebhookJson.offlineMessage(offline))),
                    clock.millis());
            recordedHere.get()[0]++;
        }
    }

    /**
     * Records the events of {@code messages} (a writer's group, in order, already counted on their rooms) set-based:
     * one query each for their rooms, visitors and agents, one multi-row insert; instead of a room, visitor and
     * agent read and two inserts per message. Without a webhook this reads nothing.
     */
    public void recordMessages(Connection connection, List<Message> messages) throws SQLException {
        Settings now = settings.get();
        List<DeskEvent.RoomEvent> wanted = new ArrayList<>(messages.size());
        Set<String> rids = new LinkedHashSet<>();
        for (Message message : messages) {
            DeskEvent.RoomEvent event = DeskEvent.message(message);
            if (wanted(now, event)) {
                wanted.add(event);
                rids.add(message.rid());
            }
        }
        if (!wanted.isEmpty()) {
            recordAll(connection, wanted, ConversationRows.roomsById(connection, rids));
        }
    }

    /** Records the event of a message the send stored now; a retried send of a stored {@code _id} records none. */
    JdbcMessageStore.Sent recordSent(Connection connection, JdbcMessageStore.Sent sent) throws SQLException {
        if (sent.created()) {
            record(connection, DeskEvent.message(sent.message()));
        }
        return sent;
    }

    /**
     * Whether this thread recorded events since it last asked (rolled-back ones too). A writer asks after each
     * commit, when its own events have become visible: the dispatcher wakes for them. A count over all threads
     * would not do on PostgreSQL, whose writers commit side by side: a commit would take the events of another
     * writer's transaction, still open, as seen, and that writer's commit would then wake nobody, leaving its
     * events to the dispatcher's next poll.
     */
    public boolean recordedSinceAsked() {
        long[] count = recordedHere.get();
        boolean any = count[0] > 0;
        count[0] = 0;
        return any;
    }

    private static boolean wanted(Settings now, DeskEvent event) {
        return !now.text(SettingDefinitions.WEBHOOK_URL).isEmpty() && now.bool(event.type().setting());
    }

    /**
     * Renders and queues room events whose rooms are in {@code rooms}; an event whose room or visitor is gone
     * (erased in this same transaction) is not sent.
     */
    private void recordAll(Connection connection, List<DeskEvent.RoomEvent> events, Map<String, Room> rooms)
            throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        Set<String> visitorIds = new LinkedHashSet<>();
        Set<String> agentIds = new LinkedHashSet<>();
        for (DeskEvent.RoomEvent event : events) {
            Room room = rooms.get(event.rid());
            if (room != null) {
                visitorIds.add(room.visitor().id());
                if (room.servedBy() != null) {
                    agentIds.add(room.servedBy().id());
                }
            }
        }
        Map<String, Visitor> visitors = VisitorRows.findLiveByIds(connection, visitorIds);
        Map<String, WebhookJson.Agent> agents = agents(connection, agentIds);
        List<JdbcWebhookQueue.Queued> queued = new ArrayList<>(events.size());
        for (DeskEvent.RoomEvent event : events) {
            Room room = rooms.get(event.rid());
            Visitor visitor = room == null ? null : visitors.get(room.visitor().id());
            if (visitor == null) {
                continue;
            }
            WebhookJson.Agent agent = room.servedBy() == null ? null : agents.get(room.servedBy().id());
            List<Message> listed = event.message() != null ? List.of(event.message())
                    : ConversationRows.messages(connection, "SELECT " + ConversationRows.MESSAGE_COLUMNS
                            + " FROM messages WHERE rid = ? AND " + LISTED + " ORDER BY ts, id", event.rid());
            queued.add(new JdbcWebhookQueue.Queued(RandomIds.id(), event.rid(), event.type().wireName(),
                    WebhookJson.room(event, room, visitor, agent, listed)));
        }
        JdbcWebhookQueue.enqueue(connection, queued, clock.millis());
        recordedHere.get()[0] += queued.size();
    }

    /** The agents {@code ids} name, by id (one query). */
    private static Map<String, WebhookJson.Agent> agents(Connection connection, Set<String> ids)
            throws SQLException {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<String> binds = InLists.padded(ids);
        Map<String, WebhookJson.Agent> agents = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, username, name, email FROM users "
                + "WHERE id IN (" + InLists.markers(binds.size()) + ")")) {
            InLists.bind(statement, 1, binds);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    agents.put(rows.getString(1), new WebhookJson.Agent(rows.getString(1), rows.getString(2),
                            rows.getString(3), rows.getString(4)));
                }
            }
        }
        return agents;
    }
}
