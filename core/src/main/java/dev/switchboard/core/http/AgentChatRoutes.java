package dev.switchboard.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.auth.Permission;
import dev.switchboard.core.auth.User;
import dev.switchboard.core.conversation.Message;
import dev.switchboard.core.conversation.Room;
import dev.switchboard.core.conversation.RoomFilter;
import dev.switchboard.core.conversation.RoomService;
import dev.switchboard.core.conversation.SyncRequest;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.JdbcMessageStore;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The agent's side of conversations: {@code chat.sendMessage} into a livechat room, {@code chat.syncMessages},
 * {@code livechat/rooms} ({@code view-l-room}: Switchboard has no queue yet, so agents find rooms here), and the
 * manager's {@code livechat/visitor/:token/room} ({@code view-livechat-manager}), and {@code rooms.info} for a
 * room the user may read.
 */
final class AgentChatRoutes {
    private static final int MAX_AGENTS = 100;
    /** Rocket.Chat's {@code isChatSendMessageProps} keys. */
    private static final Set<String> SEND_KEYS = Set.of("message", "previewUrls");
    /** Rocket.Chat's {@code isChatSyncMessagesProps} keys. */
    private static final Set<String> SYNC_QUERY = Set.of("roomId", "lastUpdate", "count", "next", "previous", "type");
    private static final Set<String> SYNC_TYPES = Set.of("UPDATED", "DELETED");
    /** Rocket.Chat's {@code getMessageHistory} default {@code count}. */
    private static final int SYNC_PAGE = 20;

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
        router.get("/api/v1/livechat/rooms").handler(auth.requireLogin()).handler(this::list);
        router.get("/api/v1/livechat/visitor/:token/room").handler(auth.require(Permission.VIEW_LIVECHAT_MANAGER))
                .handler(this::roomsOfToken);
    }

    /**
     * Rocket.Chat's checks in its order: the body ({@code isChatSendMessageProps}), the size
     * ({@code error-message-size-exceeded}), the room id (a plain error), then the room. Beyond Rocket.Chat, an empty
     * or missing {@code msg} is refused: Switchboard has no attachments, so such a message would carry nothing.
     */
    private void send(RoutingContext ctx) {
        JsonNode body = Params.keys(JsonRequests.parse(ctx.body().buffer()), Set.of("message"), SEND_KEYS);
        JsonNode message = Params.object(body.get("message"));
        String msg = Params.optionalString(message, "msg", Integer.MAX_VALUE);
        String id = Params.optionalString(message, "_id", InputLimits.ID);
        String rid = Params.optionalString(message, "rid", InputLimits.ID);
        JsonNode previewUrls = body.get("previewUrls");
        if (previewUrls != null && !previewUrls.isNull() && !previewUrls.isArray()) {
            throw Params.invalid("previewUrls must be array");
        }
        if (msg != null && msg.length() > InputLimits.MESSAGE) {
            throw ApiError.meteor("error-message-size-exceeded", "Message size exceeds Message_MaxAllowedSize");
        }
        if (rid == null || rid.isEmpty()) {
            throw ApiError.plain("The 'rid' property on the message object is missing.");
        }
        if (msg == null || msg.isEmpty()) {
            throw Params.invalid("message.msg must be a non-empty string");
        }
        AsyncResponder.respond(ctx, rooms.sendAsUser(Authenticator.user(ctx), rid, id, msg), sent ->
                Responses.ok(ctx, json -> {
                    json.writeFieldName("message");
                    ConversationJson.writeMessage(json, sent);
                }));
    }

    /**
     * Rocket.Chat 8.4's {@code chat.syncMessages}, with its checks in its order (the query, {@code roomId},
     * {@code type} or {@code lastUpdate}, the date; then, once the room may be read, the cursor parameters): what
     * changed after {@code lastUpdate}, or a page of the cursor form ({@code type} with {@code next} or
     * {@code previous}, {@code count} messages, 20 by default, at most {@link JdbcMessageStore#SYNC_LIMIT}), or, for
     * {@code type} alone, nothing.
     */
    private void sync(RoutingContext ctx) {
        Params.query(ctx, Set.of("roomId"), SYNC_QUERY);
        String roomId = Params.requiredQuery(ctx, "roomId", InputLimits.ID);
        String lastUpdate = Params.optionalQuery(ctx, "lastUpdate", 64);
        String type = Params.optionalQuery(ctx, "type", 16);
        String next = Params.optionalQuery(ctx, "next", 32);
        String previous = Params.optionalQuery(ctx, "previous", 32);
        int count = Params.integer(ctx, "count", 0);
        if (type != null && !SYNC_TYPES.contains(type)) {
            throw Params.invalid("must be equal to one of the allowed values");
        }
        if (roomId.isEmpty()) {
            throw ApiError.meteor("error-param-required", "The required \"roomId\" query param is missing");
        }
        if (isBlank(lastUpdate) && isBlank(type)) {
            throw ApiError.meteor("error-param-required",
                    "The \"type\" or \"lastUpdate\" parameters must be provided");
        }
        Instant since = isBlank(lastUpdate) ? null : lastUpdate(lastUpdate);
        int pageSize = count < 1 ? SYNC_PAGE : Math.min(count, JdbcMessageStore.SYNC_LIMIT);
        AsyncResponder.respond(ctx, rooms.sync(Authenticator.user(ctx), roomId,
                () -> syncRequest(since, type, next, previous, pageSize)), result -> Responses.ok(ctx, json -> {
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
                    if (result.cursors() != null) {
                        json.writeObjectFieldStart("cursor");
                        json.writeStringField("next", result.cursors().next());
                        json.writeStringField("previous", result.cursors().previous());
                        json.writeEndObject();
                    }
                    json.writeEndObject();
                }));
    }

    /** JavaScript's {@code Date.parse} for the forms clients send: an ISO instant, with an offset, or a date (UTC). */
    private static Instant lastUpdate(String value) {
        Instant date = parseLastUpdate(value);
        if (date == null || !Params.isJavaScriptDate(date)) {
            throw ApiError.meteor("error-lastUpdate-param-invalid",
                    "The \"lastUpdate\" query parameter must be a valid date");
        }
        return date;
    }

    private static Instant parseLastUpdate(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    /**
     * Rocket.Chat's {@code getMessageHistory} reading of the parameters, made after its access check: the cursor's
     * conflicts, then the changes since {@code since}, a page of the cursor form, or nothing.
     */
    private static SyncRequest syncRequest(Instant since, String type, String next, String previous, int count) {
        boolean cursor = !isBlank(next) || !isBlank(previous);
        if (cursor && isBlank(type)) {
            throw ApiError.meteor("error-type-param-required",
                    "The \"type\" parameter is required when using the \"next\" or \"previous\" parameters");
        }
        if (!isBlank(next) && !isBlank(previous)) {
            throw ApiError.meteor("error-cursor-conflict",
                    "You cannot provide both \"next\" and \"previous\" parameters");
        }
        if (cursor && since != null) {
            throw ApiError.meteor("error-cursor-and-lastUpdate-conflict",
                    "The attributes \"next\", \"previous\" and \"lastUpdate\" cannot be used together");
        }
        if (cursor) {
            return new SyncRequest.Cursor("DELETED".equals(type), isBlank(next) ? null : next,
                    isBlank(previous) ? null : previous, count);
        }
        return since == null ? new SyncRequest.Nothing() : new SyncRequest.Since(since);
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
        checkMayList(Authenticator.user(ctx), agents);
        AsyncResponder.respond(ctx, rooms.list(filter, paging.offset(), paging.count()), page ->
                Responses.page(ctx, "rooms", page, paging.offset(), ConversationJson::writeRoom));
    }

    /**
     * Rocket.Chat's rule, after the parameters are checked: every room with {@code view-livechat-rooms}, else only
     * the caller's own ({@code view-l-room} and {@code agents} naming the caller alone); otherwise
     * {@code API.v1.forbidden()}. A room carries its visitor's token, which is that visitor's credential.
     */
    private static void checkMayList(User user, List<String> agents) {
        boolean allRooms = user.has(Permission.VIEW_LIVECHAT_ROOMS);
        boolean ownRooms = user.has(Permission.VIEW_L_ROOM) && agents.size() == 1 && agents.get(0).equals(user.id());
        if (!allRooms && !ownRooms) {
            throw ApiError.forbidden();
        }
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
        return Params.isoDate(value, name + "." + key);
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
