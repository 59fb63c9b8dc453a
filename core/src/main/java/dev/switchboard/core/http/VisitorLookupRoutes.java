package dev.switchboard.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.auth.Permission;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.JdbcVisitorSearch;
import dev.switchboard.core.store.JdbcVisitorSearch.Sort;
import dev.switchboard.core.store.JdbcVisitorSearch.SortKey;
import dev.switchboard.core.visitor.Visitor;
import dev.switchboard.core.visitor.VisitorService;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Agents' visitor routes ({@code view-l-room}): {@code visitors.info}, {@code visitors.search},
 * {@code visitors.autocomplete}; and the manager's erase by id, {@code POST /api/v1/livechat/visitors.erase}
 * ({@code view-livechat-manager}), which has the same effect as {@code DELETE /livechat/visitor/:token}.
 */
final class VisitorLookupRoutes {
    static final int TERM = 256;
    static final int AUTOCOMPLETE_LIMIT = 10;
    static final int MAX_EXCEPTIONS = 100;

    private final VisitorService visitors;
    private final JdbcVisitorSearch search;
    private final Authenticator auth;

    VisitorLookupRoutes(VisitorService visitors, JdbcVisitorSearch search, Authenticator auth) {
        this.visitors = visitors;
        this.search = search;
        this.auth = auth;
    }

    void mount(Router router, BodyHandler bodies) {
        String base = "/api/v1/livechat/visitors";
        router.get(base + ".info").handler(auth.require(Permission.VIEW_L_ROOM)).handler(this::info);
        router.get(base + ".search").handler(auth.require(Permission.VIEW_L_ROOM)).handler(this::search);
        router.get(base + ".autocomplete").handler(auth.require(Permission.VIEW_L_ROOM))
                .handler(this::autocomplete);
        router.post(base + ".erase").handler(bodies).handler(auth.require(Permission.VIEW_LIVECHAT_MANAGER))
                .handler(this::erase);
    }

    private void info(RoutingContext ctx) {
        String id = Params.requiredQuery(ctx, "visitorId", InputLimits.TOKEN);
        AsyncResponder.respond(ctx, visitors.findById(id), found -> {
            Visitor visitor = found.orElseThrow(VisitorLookupRoutes::notFound);
            Responses.ok(ctx, json -> VisitorJson.write(json, "visitor", visitor, false));
        });
    }

    private void search(RoutingContext ctx) {
        String term = Params.requiredQuery(ctx, "term", TERM).trim();
        Params.Paging paging = Params.paging(ctx);
        List<Sort> sort = sort(Params.optionalQuery(ctx, "sort", 512));
        long totalUpTo = totalUpTo(ctx);
        AsyncResponder.respond(ctx, search.search(term, sort, paging.offset(), paging.count(), totalUpTo), page ->
                Responses.page(ctx, "visitors", page, paging.offset(),
                        (json, visitor) -> VisitorJson.writeObject(json, visitor, false)));
    }

    private void autocomplete(RoutingContext ctx) {
        String raw = Params.requiredQuery(ctx, "selector", 8192);
        JsonNode selector;
        try {
            selector = JsonRequests.parse(raw.getBytes(StandardCharsets.UTF_8));
        } catch (ApiError e) {
            throw Params.invalid("selector must be a JSON object");
        }
        if (!selector.isObject()) {
            throw Params.invalid("selector must be a JSON object");
        }
        String term = Params.optionalString(selector, "term", TERM);
        List<String> exceptions = new ArrayList<>();
        JsonNode except = selector.get("exceptions");
        if (except != null && !except.isNull()) {
            if (!except.isArray() || except.size() > MAX_EXCEPTIONS) {
                throw Params.invalid("selector.exceptions must be an array of at most " + MAX_EXCEPTIONS + " ids");
            }
            for (JsonNode id : except) {
                if (!id.isTextual()) {
                    throw Params.invalid("selector.exceptions must contain strings");
                }
                exceptions.add(id.textValue());
            }
        }
        AsyncResponder.respond(ctx, search.autocomplete(term == null ? "" : term.trim(), exceptions,
                AUTOCOMPLETE_LIMIT), items -> Responses.ok(ctx, json -> {
                    json.writeArrayFieldStart("items");
                    for (JdbcVisitorSearch.Item item : items) {
                        json.writeStartObject();
                        json.writeStringField("_id", item.id());
                        json.writeStringField("name", item.name());
                        if (item.username() != null) {
                            json.writeStringField("username", item.username());
                        }
                        json.writeStringField("custom_name", item.username() + " - " + item.name());
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                }));
    }

    private void erase(RoutingContext ctx) {
        JsonNode body = Params.object(JsonRequests.parse(ctx.body().buffer()));
        String id = Params.requireString(body, "visitorId", InputLimits.TOKEN);
        AsyncResponder.respond(ctx, visitors.eraseById(id), erased -> {
            var visitor = erased.orElseThrow(VisitorLookupRoutes::notFound);
            Audit.changed(ctx, "visitor erased", id);
            Responses.ok(ctx, json -> {
                json.writeObjectFieldStart("visitor");
                json.writeStringField("_id", visitor.id());
                json.writeStringField("ts", VisitorJson.time(visitor.erasedAt()));
                json.writeEndObject();
            });
        });
    }

    /**
     * Beyond Rocket.Chat: {@code totalUpTo=N} counts the matches only up to N (the console's search: counting a
     * term that most of 1,000,000 visitors match takes longer than the page); without it the total is exact.
     */
    static long totalUpTo(RoutingContext ctx) {
        String given = Params.optionalQuery(ctx, "totalUpTo", 12);
        if (given == null || given.isEmpty()) {
            return JdbcVisitorSearch.EXACT;
        }
        int upTo = Params.integer(ctx, "totalUpTo", 0);
        if (upTo < 1) {
            throw Params.invalid("totalUpTo must be >= 1");
        }
        return upTo;
    }

    /** {@code {"ts":-1,"name":1}} on the allowed keys; default {@code ts} descending. */
    static List<Sort> sort(String raw) {
        if (raw == null || raw.isEmpty()) {
            return List.of(new Sort(SortKey.TS, false));
        }
        JsonNode node;
        try {
            node = JsonRequests.parse(raw.getBytes(StandardCharsets.UTF_8));
        } catch (ApiError e) {
            throw Params.invalid("sort must be a JSON object");
        }
        if (!node.isObject() || node.size() > 4) {
            throw Params.invalid("sort must be a JSON object of at most 4 keys");
        }
        List<Sort> sort = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            SortKey key = SortKey.parse(field.getKey());
            if (key == null) {
                throw Params.invalid("sort: cannot sort by '" + field.getKey()
                        + "' (allowed: ts, _updatedAt, name, username, lastChat.ts)");
            }
            int direction = field.getValue().isInt() ? field.getValue().intValue() : 0;
            if (direction != 1 && direction != -1) {
                throw Params.invalid("sort: the direction of '" + field.getKey() + "' must be 1 or -1");
            }
            sort.add(new Sort(key, direction == 1));
        }
        return sort.isEmpty() ? List.of(new Sort(SortKey.TS, false)) : sort;
    }

    private static ApiError notFound() {
        return ApiError.plain("visitor-not-found");
    }
}
