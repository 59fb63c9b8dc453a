package dev.switchboard.core.webhook;

import dev.switchboard.core.conversation.Message;
import dev.switchboard.core.conversation.Room;
import dev.switchboard.core.settings.SettingDefinitions;
import java.time.Instant;
import java.util.Objects;

/**
 * A change an omnichannel webhook reports to the desk (Rocket.Chat's {@code sendToCRM} and offline-message hook).
 * Stores record one with {@code DeskEvents.record(connection, event)} inside the transaction that made the change.
 */
public sealed interface DeskEvent {
    /** Rocket.Chat's {@code type} of the request body, and the setting that turns the event on. */
    enum Type {
        STARTED("LivechatSessionStart", SettingDefinitions.WEBHOOK_ON_START),
        QUEUED("LivechatSessionQueued", SettingDefinitions.WEBHOOK_ON_CHAT_QUEUED),
        TAKEN("LivechatSessionTaken", SettingDefinitions.WEBHOOK_ON_CHAT_TAKEN),
        FORWARDED("LivechatSessionForwarded", SettingDefinitions.WEBHOOK_ON_FORWARD),
        CLOSED("LivechatSession", SettingDefinitions.WEBHOOK_ON_CLOSE),
        VISITOR_MESSAGE("Message", SettingDefinitions.WEBHOOK_ON_VISITOR_MESSAGE),
        AGENT_MESSAGE("Message", SettingDefinitions.WEBHOOK_ON_AGENT_MESSAGE),
        OFFLINE_MESSAGE("LivechatOfflineMessage", SettingDefinitions.WEBHOOK_ON_OFFLINE_MSG);

        private final String wireName;
        private final String setting;

        Type(String wireName, String setting) {
            this.wireName = wireName;
            this.setting = setting;
        }

        /** The body's {@code type}. */
        public String wireName() {
            return wireName;
        }

        /** The boolean host setting ({@code Livechat_webhook_on_*}) without which the event is not sent. */
        public String setting() {
            return setting;
        }
    }

    Type type();

    /**
     * An event about room {@code rid}, sent with the room, its visitor and agent as they are when it is recorded.
     *
     * @param message the message a {@code Message} event reports, else null (the body then lists the room's
     *                messages, as Rocket.Chat's does)
     * @param forward what the room had before a forward, else null
     */
    record RoomEvent(Type type, String rid, Message message, Forward forward) implements DeskEvent {
        public RoomEvent {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(rid, "rid");
        }
    }

    /** The agent ({@code oldServedBy}, may be null) and department (may be null) a forwarded room had before. */
    record Forward(Room.ServedBy oldServedBy, String oldDepartmentId) { }

    /** A visitor's offline-form message (no room). */
    record OfflineMessage(String id, String name, String email, String message, Instant sentAt)
            implements DeskEvent {
        @Override
        public Type type() {
            return Type.OFFLINE_MESSAGE;
        }
    }

    static RoomEvent started(String rid) {
        return new RoomEvent(Type.STARTED, rid, null, null);
    }

    static RoomEvent queued(String rid) {
        return new RoomEvent(Type.QUEUED, rid, null, null);
    }

    static RoomEvent taken(String rid) {
        return new RoomEvent(Type.TAKEN, rid, null, null);
    }

    /** Room {@code rid} went to another agent or department; {@code forward} says what it had before. */
    static RoomEvent forwarded(String rid, Forward forward) {
        return new RoomEvent(Type.FORWARDED, rid, null, forward);
    }

    static RoomEvent closed(String rid) {
        return new RoomEvent(Type.CLOSED, rid, null, null);
    }

    /** A message a visitor ({@code token} set) or an agent wrote. */
    static RoomEvent message(Message message) {
        return new RoomEvent(message.token() != null ? Type.VISITOR_MESSAGE : Type.AGENT_MESSAGE, message.rid(),
                message, null);
    }
}
