package dev.switchboard.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.auth.Permission;
import dev.switchboard.core.conversation.Message;
import dev.switchboard.core.conversation.Room;
import dev.switchboard.core.conversation.RoomFilter;
import dev.switchboard.core.conversation.RoomService;
import dev.switchboard.core.error.ApiError;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's side of conversations: {@code chat.sendMessage} into a livechat room, {@code chat.syncMessages},
 * {@code livechat/rooms} ({@code view-l-room}: Switchboard has no queue yet, so agents find rooms here), and the
 * manager's {@code livechat/visitor/:token/room} ({@code view-livechat-manager}), and {@code rooms.info} for a
 * room the user may read.
 */
final class AgentChatRoutes {
    private static final int MAX_AGENTS = 100;

    private final RoomService rooms;
    private final Authenticator auth;

    AgentChatRoutes(RoomService rooms, Authenticator auth) {
        this.rooms = rooms;
        this.auth = auth;
    }

    void mount(Router router, BodyHandler bodies) {
        router.post("/api/v1/chat.sendMessage").handler(bodies).handler(auth.requireLogin()).handler(this::send);
        router.get("/api/v1/chat.syncMessages").handler(auth.requireLogin()).handler(this::sync);
        router.get("/api/v1/rooms.info").handler(auth.requireLogin()).handler(this::info);
        router.get("/api/v1/livechat/rooms").handler(auth.require(Permission.VIEW_L_ROOM)).handler(this::list);
        router.get("/api/v1/livechat/visitor/:token/room").handler(auth.require(Permission.VIEW_LIVECHAT_MANAGER))
                .handler(this::roomsOfToken);
    }

    private void send(RoutingContext ctx) {
        JsonNode body = Params.object(JsonRequests.parse(ctx.body().buffer()));
        JsonNode message = body.get("message");
        if (message == null) {
            throw Params.missing("message");
        }
        String rid = Params.requireString(Params.object(message), "rid", InputLimits.ID);
        String msg = Params.optionalString(message, "msg", Integer.MAX_VALUE);
        String id = Params.optionalString(message, "_id", InputLimits.ID);
        if (msg == null || msg.isEmpty()) {
            throw Params.invalid("message.msg must be a non-empty string");
        }
        if (msg.length() > InputLimits.MESSAGE) {
            throw ApiError.meteor("error-message-size-exceeded", "Message size exceeds Message_MaxAllowedSize");
        }
        AsyncResponder.respond(ctx, rooms.sendAsUser(Authenticator.user(ctx), rid, id, msg), sent ->
                Responses.ok(ctx, json -> {
                    json.writeFieldName("message");
                    ConversationJson.writeMessage(json, sent);
                }));
    }

    private void sync(RoutingContext ctx) {
        String roomId = Params.optionalQuery(ctx, "roomId", InputLimits.ID);
        if (roomId == null || roomId.isEmpty()) {
            throw ApiError.meteor("error-roomId-param-not-provided", "The required \"roomId\" query param is missing.");
        }
        String lastUpdate = Params.optionalQuery(ctx, "lastUpdate", 64);
        if (lastUpdate == null || lastUpdate.isEmpty()) {
            throw ApiError.meteor("error-lastUpdate-param-not-provided",
                    "The required \"lastUpdate\" query param is missing.");
        }
        Instant since;
        try {
            since = Instant.parse(lastUpdate);
        } catch (DateTimeParseException e) {
            throw ApiError.meteor("error-roomId-param-invalid", "The \"lastUpdate\" query parameter must be a valid date.");
        }
        AsyncResponder.respond(ctx, rooms.sync(Authenticator.user(ctx), roomId, since), result ->
                Responses.ok(ctx, json -> {
                    json.writeObjectFieldStart("result");
                    json.writeArrayFieldStart("updated");
                    for (Message message : result.updated()) {
                        ConversationJson.writeMessage(json, message);
                    }
                    json.writeEndArray();
                    json.writeArrayFieldStart("deleted");
                    for (Message message : result.deleted()) {
                        ConversationJson.writeDeleted(json, message);
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                }));
    }

    /**
     * {@code rooms.info?roomId=} or {@code ?roomName=}: {@code {room}}. Livechat rooms have no {@code name} in
     * Rocket.Chat (only {@code fname}), so a {@code roomName} never matches one, as there.
     */
    private void info(RoutingContext ctx) {
        String roomId = Params.optionalQuery(ctx, "roomId", InputLimits.ID);
        String roomName = Params.optionalQuery(ctx, "roomName", InputLimits.ID);
        if (isBlank(roomId) && isBlank(roomName)) {
            throw ApiError.meteor("error-roomid-param-not-provided",
                    "The parameter \"roomId\" or \"roomName\" is required");
        }
        if (isBlank(roomId)) {
            throw RoomService.noSuchRoom();
        }
        AsyncResponder.respond(ctx, rooms.info(Authenticator.user(ctx), roomId), room ->
                Responses.ok(ctx, json -> {
                    json.writeFieldName("room");
                    ConversationJson.writeRoom(json, room);
                }));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private void list(RoutingContext ctx) {
        Params.Paging paging = Params.paging(ctx);
        String open = Params.optionalQuery(ctx, "open", 8);
        if (open != null && !open.equals("true") && !open.equals("false")) {
            throw Params.invalid("open must be true or false");
        }
        List<String> agents = new ArrayList<>(ctx.queryParam("agents[]"));
        agents.addAll(ctx.queryParam("agents"));
        if (agents.size() > MAX_AGENTS) {
            throw Params.invalid("agents must name at most " + MAX_AGENTS + " agents");
        }
        Range created = range(ctx, "createdAt");
        Range closed = range(ctx, "closedAt");
        RoomFilter filter = new RoomFilter(open == null ? null : Boolean.valueOf(open), agents,
                Params.optionalQuery(ctx, "departmentId", InputLimits.DEPARTMENT),
                Params.optionalQuery(ctx, "visitorId", InputLimits.ID), created.start(), created.end(),
                closed.start(), closed.end());
        AsyncResponder.respond(ctx, rooms.list(filter, paging.offset(), paging.count()), page ->
                Responses.page(ctx, "rooms", page, paging.offset(), ConversationJson::writeRoom));
    }

    private record Range(Instant start, Instant end) { }

    /** Rocket.Chat's {@code createdAt} / {@code closedAt}: a JSON object {@code {"start": iso, "end": iso}}. */
    private static Range range(RoutingContext ctx, String name) {
        String raw = Params.optionalQuery(ctx, name, 256);
        if (raw == null || raw.isEmpty()) {
            return new Range(null, null);
        }
        JsonNode node;
        try {
            node = JsonRequests.parse(raw.getBytes(StandardCharsets.UTF_8));
        } catch (ApiError e) {
            throw Params.invalid(name + " must be a JSON object {\"start\", \"end\"}");
        }
        if (!node.isObject()) {
            throw Params.invalid(name + " must be a JSON object {\"start\", \"end\"}");
        }
        return new Range(instant(node, name, "start"), instant(node, name, "end"));
    }

    private static Instant instant(JsonNode range, String name, String key) {
        String value = Params.optionalString(range, key, 64);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw Params.invalid(name + "." + key + " must be an ISO-8601 date");
        }
    }

    private void roomsOfToken(RoutingContext ctx) {
        String token = ctx.pathParam("token");
        AsyncResponder.respond(ctx, rooms.openRoomsOfToken(token), found -> Responses.ok(ctx, json -> {
            json.writeArrayFieldStart("rooms");
            for (Room room : found) {
                json.writeStartObject();
                json.writeStringField("_id", room.id());
                json.writeStringField("t", "l");
                json.writeBooleanField("cl", false);
                if (room.servedBy() != null) {
                    json.writeObjectFieldStart("servedBy");
                    json.writeStringField("_id", room.servedBy().id());
                    json.writeStringField("username", room.servedBy().username());
                    json.writeStringField("ts", VisitorJson.time(room.servedBy().ts()));
                    json.writeEndObject();
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }));
    }
}
