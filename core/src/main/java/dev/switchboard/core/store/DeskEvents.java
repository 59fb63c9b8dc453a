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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
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
    private final AtomicLong recorded = new AtomicLong();

    public DeskEvents(Supplier<Settings> settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Records {@code event} in {@code connection}'s transaction (a {@code TransactionQueue.Work}'s), behind the room's
     * earlier events: a room's events go out in the order their transactions commit.
     */
    public void record(Connection connection, DeskEvent event) throws SQLException {
        Settings now = settings.get();
        if (now.text(SettingDefinitions.WEBHOOK_URL).isEmpty() || !now.bool(event.type().setting())) {
            return;
        }
        if (event instanceof DeskEvent.RoomEvent roomEvent) {
            Optional<String> body = roomBody(connection, roomEvent);
            if (body.isPresent()) {
                enqueue(connection, roomEvent.rid(), event, body.get());
            }
        } else if (event instanceof DeskEvent.OfflineMessage offline) {
            enqueue(connection, OFFLINE_LANE + offline.id(), event, WebhookJson.offlineMessage(offline));
        }
    }

    /** How many events this node recorded so far (rolled-back ones too): the dispatcher wakes when it grows. */
    public long recordedCount() {
        return recorded.get();
    }

    /** The body, or empty when the room or its visitor is gone (erased in this same transaction). */
    private static Optional<String> roomBody(Connection connection, DeskEvent.RoomEvent event) throws SQLException {
        Optional<Room> room = ConversationRows.room(connection, event.rid(), "");
        if (room.isEmpty()) {
            return Optional.empty();
        }
        Optional<Visitor> visitor = VisitorRows.findLive(connection, "id = ?", room.get().visitor().id());
        if (visitor.isEmpty()) {
            return Optional.empty();
        }
        WebhookJson.Agent agent = room.get().servedBy() == null ? null
                : agent(connection, room.get().servedBy().id());
        List<Message> messages = event.message() != null ? List.of(event.message())
                : ConversationRows.messages(connection, "SELECT " + ConversationRows.MESSAGE_COLUMNS
                        + " FROM messages WHERE rid = ? AND " + LISTED + " ORDER BY ts, id", event.rid());
        return Optional.of(WebhookJson.room(event, room.get(), visitor.get(), agent, messages));
    }

    private static WebhookJson.Agent agent(Connection connection, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, username, name, email FROM users WHERE id = ?")) {
            statement.setString(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? new WebhookJson.Agent(rows.getString(1), rows.getString(2), rows.getString(3),
                        rows.getString(4)) : null;
            }
        }
    }

    private void enqueue(Connection connection, String lane, DeskEvent event, String body) throws SQLException {
        JdbcWebhookQueue.enqueue(connection, RandomIds.id(), lane, event.type().wireName(), body, clock.millis());
        recorded.incrementAndGet();
    }
}
