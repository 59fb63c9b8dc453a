package dev.switchboard.core.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.core.auth.AuthService;
import dev.switchboard.core.auth.User;
import dev.switchboard.core.http.JsonWriter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The DDP methods the livechat widget and an agent client call: {@code login} (resume token), {@code logout},
 * {@code livechat:setUpConnection}, {@code stream-notify-room} (typing notices) and Meteor's
 * {@code UserPresence:*}. Answers are Meteor's: {@code updated} then {@code result}, or {@code result} with a
 * {@code Meteor.Error}.
 */
final class DdpMethods {
    /** Meteor's default login expiry (Rocket.Chat's {@code Accounts_LoginExpiration}: 90 days). */
    static final Duration TOKEN_LIFETIME = Duration.ofDays(90);
    static final String LOGGED_OUT = "You've been logged out by the server. Please log in again.";
    private static final int MAX_TOKEN = 512;
    private static final int MAX_NAME = 256;
    /** What Rocket.Chat's stream-notify-room lets a client send (its {@code webrtc} events are not served). */
    private static final Set<String> CLIENT_ROOM_EVENTS = Set.of("typing", "user-activity");
    /** Meteor's presence methods; Switchboard keeps no agent presence, so they answer nothing, harmlessly. */
    private static final Set<String> PRESENCE = Set.of("UserPresence:setDefaultStatus", "UserPresence:online",
            "UserPresence:away");

    private final AuthService auth;
    private final RoomAccess rooms;
    private final StreamBus bus;

    DdpMethods(AuthService auth, RoomAccess rooms, StreamBus bus) {
        this.auth = auth;
        this.rooms = rooms;
        this.bus = bus;
    }

    /** Handles one {@code method} message; completes once it is answered. */
    CompletableFuture<Void> call(DdpSession session, JsonNode message) {
        JsonNode id = message.get("id");
        JsonNode method = message.get("method");
        JsonNode params = message.get("params");
        JsonNode seed = message.get("randomSeed");
        if (id == null || !id.isTextual() || method == null || !method.isTextual()
                || (params != null && !params.isArray()) || (seed != null && !seed.isTextual())) {
            session.protocolError("Malformed method invocation", message);
            return CompletableFuture.completedFuture(null);
        }
        String callId = id.asText();
        JsonNode args = params == null ? JsonNodeFactory.instance.arrayNode() : params;
        CompletableFuture<JsonWriter.Fields> result = run(session, method.asText(), args);
        if (result == null) {
            // Meteor answers an unknown method before it declares its (absent) writes done.
            session.send(DdpFrames.result(callId, null,
                    DdpError.of(404, "Method '" + method.asText() + "' not found")));
            session.send(DdpFrames.updated(callId));
            return CompletableFuture.completedFuture(null);
        }
        return result.handle((value, failure) -> {
            session.send(DdpFrames.updated(callId));
            session.send(DdpFrames.result(callId, failure == null ? value : null,
                    failure == null ? null : DdpError.from(failure)));
            return null;
        });
    }

    /** The method's result (a null value: none), a failed future, or null for a method this host lacks. */
    private CompletableFuture<JsonWriter.Fields> run(DdpSession session, String method, JsonNode args) {
        try {
            switch (method) {
                case "login":
                    return login(session, args.get(0));
                case "logout":
                    session.login(null, null);
                    return CompletableFuture.completedFuture(null);
                case "livechat:setUpConnection":
                    setUpConnection(session, args.get(0));
                    return CompletableFuture.completedFuture(null);
                case "stream-notify-room":
                    return notifyRoom(session, args).thenApply(ignored -> null);
                default:
                    return PRESENCE.contains(method) ? CompletableFuture.completedFuture(null) : null;
            }
        } catch (DdpError e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Meteor's resume login: {@code [{resume: token}]} → {@code {id, token, tokenExpires, type: "resume"}}. */
    private CompletableFuture<JsonWriter.Fields> login(DdpSession session, JsonNode options) {
        if (options == null || !options.isObject()) {
            throw DdpError.matchFailed();
        }
        JsonNode resume = options.get("resume");
        if (resume == null) {
            throw DdpError.of(400, "Unrecognized options for login request");
        }
        if (!resume.isTextual()) {
            throw DdpError.matchFailed();
        }
        String token = resume.asText();
        if (token.isEmpty() || token.length() > MAX_TOKEN) {
            session.login(null, null);
            throw DdpError.of(403, LOGGED_OUT);
        }
        return auth.resume(token).thenApply(found -> {
            if (found.isEmpty()) {
                session.login(null, null); // as Meteor: a failed login logs the connection out
                throw DdpError.of(403, LOGGED_OUT);
            }
            User user = found.get().user();
            session.login(user, token);
            long expires = found.get().tokenCreatedAt().plus(TOKEN_LIFETIME).toEpochMilli();
            return json -> {
                json.writeStartObject();
                json.writeStringField("id", user.id());
                json.writeStringField("token", token);
                json.writeObjectFieldStart("tokenExpires");
                json.writeNumberField("$date", expires);
                json.writeEndObject();
                json.writeStringField("type", "resume");
                json.writeEndObject();
            };
        });
    }

    /**
     * {@code [{token}]}, checked as Meteor's {@code check(data, {token: String})}: remembers the visitor, whose
     * rooms turn {@code offline} when this connection closes.
     */
    private static void setUpConnection(DdpSession session, JsonNode data) {
        if (data == null || !data.isObject() || data.size() != 1 || !data.path("token").isTextual()
                || data.get("token").asText().length() > MAX_TOKEN) {
            throw DdpError.matchFailed();
        }
        session.visitorToken(data.get("token").asText());
    }

    /**
     * {@code ["<rid>/typing", username, activity, {token}?]}: relayed to the room's other subscribers when the
     * caller may write there (a visitor: the room is theirs; a user: their own username, in a room they may
     * read). Refused silently, as Rocket.Chat does. The visitor's token is not relayed.
     */
    private CompletableFuture<Boolean> notifyRoom(DdpSession session, JsonNode args) {
        JsonNode eventName = args.get(0);
        JsonNode username = args.get(1);
        JsonNode activity = args.get(2);
        JsonNode extra = args.get(3);
        if (eventName == null || !eventName.isTextual() || username == null || !username.isTextual()
                || username.asText().length() > MAX_NAME || activity == null
                || !(activity.isBoolean() || activity.isArray() && activity.size() <= 8)) {
            return CompletableFuture.completedFuture(false);
        }
        String name = eventName.asText();
        int slash = name.indexOf('/');
        if (slash <= 0 || !CLIENT_ROOM_EVENTS.contains(name.substring(slash + 1))) {
            return CompletableFuture.completedFuture(false);
        }
        String roomId = name.substring(0, slash);
        CompletableFuture<Boolean> allowed;
        if (extra != null && extra.path("token").isTextual()) {
            allowed = rooms.visitorMayRead(roomId, extra.get("token").asText());
        } else {
            User user = session.user();
            allowed = user == null || !username.asText().equals(user.username())
                    ? CompletableFuture.completedFuture(false)
                    : rooms.userMayRead(roomId, user.id());
        }
        return allowed.thenApply(may -> {
            if (may && !session.isClosed()) {
                String relayed = JsonWriter.string(json -> {
                    json.writeStartArray();
                    json.writeRawValue(username.toString());
                    json.writeRawValue(activity.toString());
                    json.writeEndArray();
                });
                bus.publish(new StreamEvent(StreamEvent.NOTIFY_ROOM, name, relayed, session.id()));
            }
            return may;
        });
    }
}
