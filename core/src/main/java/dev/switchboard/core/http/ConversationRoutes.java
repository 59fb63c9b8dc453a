package dev.switchboard.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.cache.CachedVisitor;
import dev.switchboard.core.cache.HistoryCache;
import dev.switchboard.core.conversation.Message;
import dev.switchboard.core.conversation.Room;
import dev.switchboard.core.conversation.RoomService;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.visitor.VisitorService;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The visitor's conversation routes (no auth; the visitor token is the credential): its room, messages, history,
 * closing, status, its agent, page history, and offline messages. Rocket.Chat 8.4's validation and errors.
 */
final class ConversationRoutes {
    static final String BASE = "/api/v1/livechat";
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern WIDGET_PAGE = Pattern.compile("/livechat/?$");

    private final RoomService rooms;
    private final VisitorService visitors;
    private final HistoryCache historyPages;

    ConversationRoutes(RoomService rooms, VisitorService visitors) {
        this.rooms = rooms;
        this.visitors = visitors;
        this.historyPages = rooms.historyPages();
    }

    void mount(Router router, BodyHandler bodies) {
        router.get(BASE + "/room").handler(this::room);
        router.post(BASE + "/message").handler(bodies).handler(this::send);
        router.put(BASE + "/message/:_id").handler(bodies).handler(this::edit);
        router.delete(BASE + "/message/:_id").handler(bodies).handler(this::delete);
        router.get(BASE + "/messages.history/:rid").handler(this::history);
        router.post(BASE + "/room.close").handler(bodies).handler(this::close);
        router.post(BASE + "/visitor.status").handler(bodies).handler(this::status);
        router.get(BASE + "/agent.info/:rid/:token").handler(this::agentInfo);
        router.post(BASE + "/offline.message").handler(bodies).handler(this::offlineMessage);
        router.post(BASE + "/page.visited").handler(bodies).handler(this::pageVisited);
    }

    /** Rocket.Chat checks this route's query with {@code check()}: {@code token} is required. */
    private void room(RoutingContext ctx) {
        String token = ctx.queryParam("token").isEmpty() ? null : ctx.queryParam("token").get(0);
        if (token == null) {
            throw ApiError.match("Missing key 'token'");
        }
        String rid = Params.optionalQuery(ctx, "rid", InputLimits.ID);
        checkToken(token);
        if (rid != null) {
            AsyncResponder.respond(ctx, rooms.findOpen(token, rid), room -> answerRoom(ctx, room, false));
            return;
        }
        String agentId = Params.optionalQuery(ctx, "agentId", InputLimits.ID);
        AsyncResponder.respond(ctx, rooms.open(token, source(ctx), agentId),
                opened -> answerRoom(ctx, opened.room(), opened.created()));
    }

    private static void answerRoom(RoutingContext ctx, Room room, boolean created) {
        Responses.ok(ctx, json -> {
            json.writeFieldName("room");
            ConversationJson.writeRoom(json, room);
            json.writeBooleanField("newRoom", created);
        });
    }

    /** Rocket.Chat's {@code isWidget()}: the request came from the widget's page, {@code /livechat}. */
    private static Room.Source source(RoutingContext ctx) {
        String referer = ctx.request().getHeader("Referer");
        if (referer != null) {
            try {
                String path = URI.create(referer).getPath();
                if (path != null && WIDGET_PAGE.matcher(path).find()) {
                    return Room.Source.WIDGET;
                }
            } catch (IllegalArgumentException e) {
                return Room.Source.API; // not a URL: not the widget
            }
        }
        return Room.Source.API;
    }

    private void send(RoutingContext ctx) {
        JsonNode body = Params.onlyKeys(JsonRequests.parse(ctx.body().buffer()),
                Set.of("token", "rid", "msg", "_id", "agent"));
        String token = Params.requireString(body, "token", InputLimits.TOKEN);
        String rid = Params.requireString(body, "rid", InputLimits.ID);
        String msg = Params.requireString(body, "msg", Integer.MAX_VALUE);
        String id = Params.optionalString(body, "_id", InputLimits.ID);
        checkAgent(body.get("agent"));
        checkLength(msg);
        AsyncResponder.respond(ctx, rooms.sendAsVisitor(token, rid, id, msg), message -> answerMessage(ctx, message));
    }

    /** {@code agent} is accepted as Rocket.Chat's schema has it; it only matters to routing, which is not built. */
    private static void checkAgent(JsonNode agent) {
        if (agent != null && !(agent.isObject() && agent.path("agentId").isTextual()
                && agent.path("username").isTextual())) {
            throw Params.invalid("agent must have string properties 'agentId' and 'username'");
        }
    }

    private void edit(RoutingContext ctx) {
        JsonNode body = Params.onlyKeys(JsonRequests.parse(ctx.body().buffer()), Set.of("token", "rid", "msg"));
        String token = Params.requireString(body, "token", InputLimits.TOKEN);
        String rid = Params.requireString(body, "rid", InputLimits.ID);
        String msg = Params.requireString(body, "msg", Integer.MAX_VALUE);
        checkLength(msg);
        AsyncResponder.respond(ctx, rooms.editAsVisitor(token, rid, ctx.pathParam("_id"), msg),
                message -> answerMessage(ctx, message));
    }

    private void delete(RoutingContext ctx) {
        JsonNode body = Params.onlyKeys(JsonRequests.parse(ctx.body().buffer()), Set.of("token", "rid"));
        String token = Params.requireString(body, "token", InputLimits.TOKEN);
        String rid = Params.requireString(body, "rid", InputLimits.ID);
        AsyncResponder.respond(ctx, rooms.deleteAsVisitor(token, rid, ctx.pathParam("_id")), deleted ->
                Responses.ok(ctx, json -> {
                    json.writeObjectFieldStart("message");
                    json.writeStringField("_id", deleted.id());
                    json.writeStringField("ts", VisitorJson.time(deleted.deletedAt()));
                    json.writeEndObject();
                }));
    }

    private static void answerMessage(RoutingContext ctx, Message message) {
        Responses.ok(ctx, json -> {
            json.writeFieldName("message");
            ConversationJson.writeMessage(json, message);
        });
    }

    private void history(RoutingContext ctx) {
        String token = Params.requiredQuery(ctx, "token", InputLimits.TOKEN);
        if (token.isEmpty()) {
            throw ApiError.plain("error-token-param-not-provided");
        }
        if (Params.optionalQuery(ctx, "searchText", InputLimits.PAGE_TEXT) != null) {
            throw Params.invalid("searchText is not supported");
        }
        Instant end = date(ctx, "end");
        int limit = Math.min(number(ctx, "limit", 20), InputLimits.HISTORY_PAGE);
        int offset = number(ctx, "offset", 0);
        String rid = ctx.pathParam("rid");
        HistoryCache.Query query = new HistoryCache.Query(end, offset, limit);
        byte[] cached = cachedHistory(token, rid, query);
        if (cached != null) {
            Responses.send(ctx, 200, cached); // on the event loop: no database, no thread hop
            return;
        }
        HistoryCache.Fill fill = historyPages.fill(rid);
        CompletableFuture<byte[]> page = rooms.history(token, rid, end, offset, limit)
                .whenComplete((history, failure) -> {
                    if (failure != null) {
                        fill.abandon();
                    }
                })
                .thenApply(history -> {
                    byte[] body = historyResponse(history.messages());
                    fill.store(history.visitorId(), query, body);
                    return body;
                });
        AsyncResponder.respond(ctx, page, body -> Responses.send(ctx, 200, body));
    }

    /**
     * The cached page, when the token's visitor is in the visitor cache (the token is checked on every request, as
     * cheaply as {@code GET visitor}) and owns the room; null otherwise (the store decides, errors included).
     */
    private byte[] cachedHistory(String token, String rid, HistoryCache.Query query) {
        CompletableFuture<Optional<CachedVisitor>> lookup = visitors.findCachedByToken(token);
        if (!lookup.isDone() || lookup.isCompletedExceptionally()) {
            return null;
        }
        return lookup.join().map(found -> historyPages.find(rid, found.visitor().id(), query)).orElse(null);
    }

    private static byte[] historyResponse(List<Message> messages) {
        return Responses.okBody(json -> {
            json.writeArrayFieldStart("messages");
            for (Message message : messages) {
                ConversationJson.writeMessage(json, message);
            }
            json.writeEndArray();
        });
    }

    private void close(RoutingContext ctx) {
        JsonNode body = Params.onlyKeys(JsonRequests.parse(ctx.body().buffer()), Set.of("rid", "token"));
        String rid = Params.requireString(body, "rid", InputLimits.ID);
        String token = Params.requireString(body, "token", InputLimits.TOKEN);
        AsyncResponder.respond(ctx, rooms.closeByVisitor(token, rid), closed -> Responses.ok(ctx, json -> {
            json.writeStringField("rid", rid);
            json.writeStringField("comment", closed.closeMessage().msg());
        }));
    }

    private void status(RoutingContext ctx) {
        JsonNode body = Params.onlyKeys(JsonRequests.parse(ctx.body().buffer()), Set.of("token", "status"));
        String token = Params.requireString(body, "token", InputLimits.TOKEN);
        String status = Params.requireString(body, "status", InputLimits.STATUS);
        AsyncResponder.respond(ctx, rooms.statusChanged(token, status), done -> Responses.ok(ctx, json -> {
            json.writeStringField("token", token);
            json.writeStringField("status", status);
        }));
    }

    private void agentInfo(RoutingContext ctx) {
        String token = ctx.pathParam("token");
        checkToken(token);
        AsyncResponder.respond(ctx, rooms.agentOf(token, ctx.pathParam("rid")), agent -> Responses.ok(ctx, json -> {
            json.writeFieldName("agent");
            ConversationJson.writeAgent(json, ConversationJson.agent(agent));
        }));
    }

    private void offlineMessage(RoutingContext ctx) {
        JsonNode body = Params.onlyKeys(JsonRequests.parse(ctx.body().buffer()),
                Set.of("name", "email", "message", "department", "host"));
        String name = Params.requireString(body, "name", InputLimits.NAME);
        String email = Params.requireString(body, "email", InputLimits.EMAIL);
        String message = Params.requireString(body, "message", InputLimits.OFFLINE_MESSAGE);
        String department = Params.optionalString(body, "department", InputLimits.DEPARTMENT);
        String host = Params.optionalString(body, "host", InputLimits.PAGE_TEXT);
        if (!EMAIL.matcher(email.trim()).matches()) {
            throw ApiError.plain("Error sending Omnichannel offline message");
        }
        AsyncResponder.respond(ctx, rooms.saveOfflineMessage(name, email.trim(), message, department, host),
                id -> Responses.ok(ctx, json -> json.writeStringField("message", "Livechat offline message sent")));
    }

    /**
     * A page change ({@code pageInfo.change} {@code url}, Rocket.Chat's default monitor type) becomes a hidden
     * navigation message of the visitor's room; other changes, and pages visited before a room exists, store nothing.
     */
    private void pageVisited(RoutingContext ctx) {
        JsonNode body = Params.onlyKeys(JsonRequests.parse(ctx.body().buffer()), Set.of("token", "rid", "pageInfo"));
        String token = Params.requireString(body, "token", InputLimits.TOKEN);
        String rid = Params.optionalString(body, "rid", InputLimits.ID);
        JsonNode pageInfo = body.get("pageInfo");
        if (pageInfo == null) {
            throw Params.missing("pageInfo");
        }
        String change = Params.requireString(Params.object(pageInfo), "change", InputLimits.STATUS);
        String title = Params.requireString(pageInfo, "title", InputLimits.PAGE_TEXT);
        JsonNode location = pageInfo.get("location");
        if (location == null) {
            throw Params.missing("location");
        }
        String href = Params.requireString(Params.object(location), "href", InputLimits.PAGE_TEXT);
        checkToken(token);
        if (rid == null || !"url".equals(change)) {
            Responses.ok(ctx, json -> { });
            return;
        }
        String navigation = new String(JsonWriter.object(json -> {
            json.writeObjectFieldStart("page");
            json.writeStringField("change", change);
            json.writeStringField("title", title);
            json.writeObjectFieldStart("location");
            json.writeStringField("href", href);
            json.writeEndObject();
            json.writeEndObject();
            json.writeStringField("token", token);
        }), java.nio.charset.StandardCharsets.UTF_8);
        AsyncResponder.respond(ctx, rooms.pageVisited(token, rid, title + " - " + href, navigation), message ->
                Responses.ok(ctx, json -> {
                    json.writeObjectFieldStart("page");
                    json.writeStringField("msg", message.msg());
                    json.writeFieldName("navigation");
                    json.writeRawValue(navigation);
                    json.writeEndObject();
                }));
    }

    /** Rocket.Chat's {@code message-length-exceeds-character-limit}, at its default size limit. */
    private static void checkLength(String msg) {
        if (msg.length() > InputLimits.MESSAGE) {
            throw ApiError.plain("message-length-exceeds-character-limit");
        }
    }

    /** No stored token is longer than registration allows: a longer one is unknown without a lookup. */
    private static void checkToken(String token) {
        if (token.length() > InputLimits.TOKEN) {
            throw ApiError.plain("invalid-token");
        }
    }

    /** An ISO-8601 time query parameter, or null when absent. */
    static Instant date(RoutingContext ctx, String name) {
        String value = Params.optionalQuery(ctx, name, 64);
        if (value == null || value.isEmpty()) {
            return null;
        }
        return Params.isoDate(value, name);
    }

    private static int number(RoutingContext ctx, String name, int fallback) {
        int number = Params.integer(ctx, name, fallback);
        if (number < 0) {
            throw Params.invalid(name + " must be >= 0");
        }
        return number;
    }
}
