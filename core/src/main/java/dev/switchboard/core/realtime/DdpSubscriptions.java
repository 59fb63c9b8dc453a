package dev.switchboard.core.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.auth.User;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code sub} and {@code unsub} for Rocket.Chat's room streams and its inquiry queue. A subscription names the
 * stream and, as its first parameter, the event: a room id ({@code stream-room-messages}, {@code stream-livechat-room}),
 * {@code <rid>/<event>} ({@code stream-notify-room}), or {@code public} / {@code department/<id>} /
 * {@code agent/<id>} ({@code stream-livechat-inquiry-queue-observer}, logged-in users only); its second parameter is {@code false} (a logged-in user) or
 * {@code {useCollection, args: [{token, visitorToken}]}} (a visitor). {@link RoomAccess} decides before
 * {@code ready}; a refusal is Rocket.Chat's {@code nosub} with error {@code not-allowed}.
 */
final class DdpSubscriptions {
    static final Set<String> STREAMS = Set.of(StreamEvent.ROOM_MESSAGES, StreamEvent.NOTIFY_ROOM,
            StreamEvent.LIVECHAT_ROOM, StreamEvent.INQUIRY_QUEUE);
    private static final int MAX_EVENT_NAME = 256;

    private final RoomAccess rooms;
    private final DdpLimits limits;

    DdpSubscriptions(RoomAccess rooms, DdpLimits limits) {
        this.rooms = rooms;
        this.limits = limits;
    }

    /** Handles one {@code sub} message; completes once it is answered ({@code ready} or {@code nosub}). */
    CompletableFuture<Void> start(DdpSession session, JsonNode message) {
        JsonNode id = message.get("id");
        JsonNode name = message.get("name");
        JsonNode params = message.get("params");
        if (id == null || !id.isTextual() || name == null || !name.isTextual()
                || (params != null && !params.isArray())) {
            session.protocolError("Malformed subscription", message);
            return done();
        }
        String subscriptionId = id.asText();
        String stream = name.asText();
        if (!STREAMS.contains(stream)) {
            session.send(DdpFrames.nosub(subscriptionId, DdpError.of(404, "Subscription '" + stream + "' not found")));
            return done();
        }
        if (session.hasSubscription(subscriptionId)) {
            return done(); // Meteor ignores a sub whose id is live (a client re-sending after a reconnect)
        }
        if (session.subscriptionCount() >= limits.maxSubscriptions()) {
            session.send(DdpFrames.nosub(subscriptionId, DdpError.of("error-too-many-subscriptions",
                    "A connection may have " + limits.maxSubscriptions() + " subscriptions at most")));
            return done();
        }
        JsonNode eventName = params == null ? null : params.get(0);
        if (eventName == null || !eventName.isTextual() || eventName.asText().isEmpty()
                || eventName.asText().length() > MAX_EVENT_NAME) {
            session.send(DdpFrames.nosub(subscriptionId, DdpError.of("invalid-event-name", null)));
            return done();
        }
        JsonNode options = params.get(1);
        boolean useCollection = options != null && (options.isBoolean() ? options.asBoolean()
                : options.path("useCollection").asBoolean(false));
        JsonNode extra = options == null ? null : options.path("args").get(0);
        String event = eventName.asText();
        CompletableFuture<Boolean> decision = stream.equals(StreamEvent.INQUIRY_QUEUE) ? mayWatchQueue(session, event)
                : mayRead(session, roomOf(stream, event), extra);
        // A visitor's token reads its own rooms for good; a user's rights on a room may end (a forward).
        String guardedRoom = stream.equals(StreamEvent.INQUIRY_QUEUE) || visitorToken(extra) != null ? null
                : roomOf(stream, event);
        return decision.handle((allowed, failure) -> {
            session.context().runOnContext(ignored -> answer(session, subscriptionId, stream, event, guardedRoom,
                    useCollection, failure == null ? null : DdpError.from(failure), Boolean.TRUE.equals(allowed)));
            return null;
        });
    }

    private void answer(DdpSession session, String subscriptionId, String stream, String event, String guardedRoom,
                        boolean useCollection, DdpError failure, boolean allowed) {
        if (session.isClosed()) {
            return;
        }
        if (failure != null || !allowed) {
            session.send(DdpFrames.nosub(subscriptionId, failure != null ? failure : DdpError.of("not-allowed", null)));
            return;
        }
        if (guardedRoom == null) {
            session.subscribe(subscriptionId, stream, event);
        } else {
            session.subscribeGuarded(subscriptionId, stream, event, guardedRoom,
                    left -> recheck(session, subscriptionId, guardedRoom, left));
        }
        if (useCollection) {
            session.send(DdpFrames.added(stream, event));
        }
        session.send(DdpFrames.ready(subscriptionId));
    }

    /**
     * Users left room {@code rid}: when the session's user is one of them and may no longer read the room, its
     * subscription ends with Rocket.Chat's {@code nosub} {@code not-allowed}.
     */
    private void recheck(DdpSession session, String subscriptionId, String rid, StreamEvent left) {
        User user = session.user();
        if (user == null || !left.argsJson().contains("\"" + user.id() + "\"")) {
            return;
        }
        rooms.userMayRead(rid, user.id()).thenAccept(allowed -> {
            if (!allowed) {
                session.context().runOnContext(ignored -> {
                    if (session.hasSubscription(subscriptionId)) {
                        session.unsubscribe(subscriptionId);
                        session.send(DdpFrames.nosub(subscriptionId, DdpError.of("not-allowed", null)));
                    }
                });
            }
        });
    }

    /** Handles one {@code unsub}: the subscription ends and, as in Meteor, {@code nosub} answers even an unknown id. */
    CompletableFuture<Void> stop(DdpSession session, JsonNode message) {
        JsonNode id = message.get("id");
        if (id == null || !id.isTextual()) {
            session.protocolError("Bad request", message);
            return done();
        }
        session.unsubscribe(id.asText());
        session.send(DdpFrames.nosub(id.asText(), null));
        return done();
    }

    /** The room a subscription is about: the event name itself, or what precedes its first {@code /}. */
    static String roomOf(String stream, String eventName) {
        int slash = eventName.indexOf('/');
        return stream.equals(StreamEvent.NOTIFY_ROOM) && slash > 0 ? eventName.substring(0, slash) : eventName;
    }

    /**
     * A visitor's token in the subscription's first argument ({@code visitorToken}, else {@code token}; the
     * widget sends both) reads only that visitor's rooms; without one, the logged-in user's rights decide.
     */
    private CompletableFuture<Boolean> mayRead(DdpSession session, String roomId, JsonNode extra) {
        String token = visitorToken(extra);
        if (token != null) {
            return rooms.visitorMayRead(roomId, token);
        }
        User user = session.user();
        return user == null ? CompletableFuture.completedFuture(false) : rooms.userMayRead(roomId, user.id());
    }

    private static String visitorToken(JsonNode extra) {
        return extra == null ? null
                : extra.path("visitorToken").isTextual() ? extra.get("visitorToken").asText()
                : extra.path("token").isTextual() ? extra.get("token").asText() : null;
    }

    /** The inquiry queue is for logged-in agents and managers only; a visitor token opens nothing there. */
    private CompletableFuture<Boolean> mayWatchQueue(DdpSession session, String eventName) {
        User user = session.user();
        return user == null ? CompletableFuture.completedFuture(false) : rooms.userMayWatchQueue(eventName, user.id());
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}
