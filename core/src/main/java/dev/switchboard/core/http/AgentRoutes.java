package dev.switchboard.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.auth.Permission;
import dev.switchboard.core.auth.Role;
import dev.switchboard.core.desk.AgentService;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.JdbcAgentStore;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Set;

/**
 * Rocket.Chat's {@code livechat/users/:type} ({@code agent} or {@code manager}) and {@code livechat/agent.status}
 * ({@code view-l-room}). Listing needs only a login at the door, then {@code transfer-livechat-guest} for agents or
 * {@code view-livechat-manager} for managers (else Rocket.Chat's {@code API.v1.forbidden()}); the other
 * {@code users} routes need {@code view-livechat-manager}.
 */
final class AgentRoutes {
    private static final Set<String> STATUSES = Set.of(JdbcAgentStore.AVAILABLE, JdbcAgentStore.NOT_AVAILABLE);
    /** Rocket.Chat's {@code isLivechatUsersManagerGETProps}; {@code sort}, {@code query}, {@code fields} unused. */
    private static final Set<String> LIST_QUERY = Set.of("text", "onlyAvailable", "excludeId", "showIdleAgents",
            "count", "offset", "sort", "query", "fields");

    private final AgentService agents;
    private final Authenticator auth;

    AgentRoutes(AgentService agents, Authenticator auth) {
        this.agents = agents;
        this.auth = auth;
    }

    void mount(Router router, BodyHandler bodies) {
        String type = "/api/v1/livechat/users/:type";
        router.get(type).handler(auth.requireLogin()).handler(this::list);
        router.post(type).handler(bodies).handler(auth.require(Permission.VIEW_LIVECHAT_MANAGER)).handler(this::add);
        router.get(type + "/:_id").handler(auth.require(Permission.VIEW_LIVECHAT_MANAGER)).handler(this::find);
        router.delete(type + "/:_id").handler(auth.require(Permission.VIEW_LIVECHAT_MANAGER)).handler(this::remove);
        router.post("/api/v1/livechat/agent.status").handler(bodies).handler(auth.require(Permission.VIEW_L_ROOM))
                .handler(this::status);
    }

    /** {@code agent} or {@code manager}; anything else is Rocket.Chat's {@code Invalid type}. */
    private static Role type(RoutingContext ctx) {
        return switch (ctx.pathParam("type")) {
            case "agent" -> Role.AGENT;
            case "manager" -> Role.MANAGER;
            default -> throw ApiError.plain("Invalid type");
        };
    }

    /** The query is checked first, then the type, then the permission its listing needs (Rocket.Chat's order). */
    private void list(RoutingContext ctx) {
        Params.query(ctx, Set.of(), LIST_QUERY);
        Params.Paging paging = Params.paging(ctx);
        String text = Params.optionalQuery(ctx, "text", InputLimits.NAME);
        boolean onlyAvailable = Params.booleanQuery(ctx, "onlyAvailable", false);
        String excludeId = Params.optionalQuery(ctx, "excludeId", InputLimits.ID);
        boolean showIdle = Params.booleanQuery(ctx, "showIdleAgents", true);
        Role role = type(ctx);
        String needed = role == Role.AGENT ? Permission.TRANSFER_LIVECHAT_GUEST : Permission.VIEW_LIVECHAT_MANAGER;
        if (!Authenticator.user(ctx).has(needed)) {
            throw ApiError.forbidden();
        }
        // Rocket.Chat's findManagers takes the text alone.
        JdbcAgentStore.Filter filter = role == Role.AGENT
                ? new JdbcAgentStore.Filter(text, onlyAvailable, excludeId, showIdle)
                : new JdbcAgentStore.Filter(text, false, null, true);
        AsyncResponder.respond(ctx, agents.list(role, filter, paging.offset(), paging.count()),
                page -> Responses.page(ctx, "users", page, paging.offset(), DeskJson::writeListedAgent));
    }

    private void add(RoutingContext ctx) {
        Role role = type(ctx);
        JsonNode body = Params.keys(JsonRequests.parse(ctx.body().buffer()), Set.of("username"), Set.of("username"));
        String username = Params.requireString(body, "username", InputLimits.USERNAME);
        AsyncResponder.respond(ctx, agents.add(role, username), user -> Responses.ok(ctx, json -> {
            json.writeObjectFieldStart("user");
            json.writeStringField("_id", user.id());
            json.writeStringField("username", user.username());
            json.writeEndObject();
        }));
    }

    private void find(RoutingContext ctx) {
        Role role = type(ctx);
        AsyncResponder.respond(ctx, agents.find(role, ctx.pathParam("_id")), found -> Responses.ok(ctx, json -> {
            json.writeFieldName("user");
            if (found.isPresent()) {
                DeskJson.writeAgent(json, found.get());
            } else {
                json.writeNull();
            }
        }));
    }

    private void remove(RoutingContext ctx) {
        Role role = type(ctx);
        AsyncResponder.respond(ctx, agents.remove(role, ctx.pathParam("_id")),
                removed -> Responses.ok(ctx, json -> { }));
    }

    private void status(RoutingContext ctx) {
        JsonNode body = Params.onlyKeys(JsonRequests.parse(ctx.body().buffer()), Set.of("status", "agentId"));
        String status = Params.optionalString(body, "status", InputLimits.STATUS);
        if (status != null && !STATUSES.contains(status)) {
            throw Params.invalid("must be equal to one of the allowed values");
        }
        String agentId = Params.optionalString(body, "agentId", InputLimits.ID);
        AsyncResponder.respond(ctx, agents.changeStatus(Authenticator.user(ctx), status, agentId), now ->
                Responses.ok(ctx, json -> json.writeStringField("status", now)));
    }
}
