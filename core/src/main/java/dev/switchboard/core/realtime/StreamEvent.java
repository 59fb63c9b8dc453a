package dev.switchboard.core.realtime;

import java.util.Objects;

/**
 * One event on a Rocket.Chat realtime stream, as a DDP subscriber receives it:
 * {@code {"msg":"changed","collection":stream,"id":"id","fields":{"eventName":eventName,"args":argsJson}}}.
 *
 * @param stream    the stream (the DDP collection), e.g. {@code stream-room-messages}, {@code stream-notify-room},
 *                  {@code stream-livechat-room}
 * @param eventName what subscribers named when they subscribed, e.g. a room id, or {@code <rid>/typing}
 * @param argsJson  the event's {@code args}: a JSON array, already rendered in Rocket.Chat's wire format
 * @param origin    the websocket session that caused the event and must not hear it back (a visitor's own typing
 *                  notice, as Rocket.Chat's {@code retransmitToSelf: false}), or null: every subscriber hears it
 */
public record StreamEvent(String stream, String eventName, String argsJson, String origin) {
    public static final String ROOM_MESSAGES = "stream-room-messages";
    public static final String NOTIFY_ROOM = "stream-notify-room";
    public static final String LIVECHAT_ROOM = "stream-livechat-room";
    /** The inquiry queue agents watch (Rocket.Chat's {@code livechat-inquiry-queue-observer}). */
    public static final String INQUIRY_QUEUE = "stream-livechat-inquiry-queue-observer";
    /**
     * Internal, never subscribed to by clients: users (args: a JSON array of user ids) left room {@code eventName},
     * so their sockets re-check their subscriptions to it (Rocket.Chat ends a removed subscription's streams).
     */
    public static final String ROOM_LEFT = "switchboard-room-left";
    /**
     * Internal, never subscribed to by clients: room {@code eventName} was erased with its visitor (args {@code []}),
     * so every node forgets what it cached of the room's messages.
     */
    public static final String ROOM_ERASED = "switchboard-room-erased";

    public StreamEvent {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(argsJson, "argsJson");
    }

    /** An event every subscriber hears: what the conversations domain publishes after its commits. */
    public StreamEvent(String stream, String eventName, String argsJson) {
        this(stream, eventName, argsJson, null);
    }
}
