package dev.switchboard.core.http;

import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.visitor.RegistrationRequest;
import dev.switchboard.core.visitor.RegistrationSource;
import dev.switchboard.core.visitor.Visitor;
import dev.switchboard.core.visitor.VisitorService;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/** The public visitor routes: {@code POST /livechat/visitor}, {@code GET|DELETE /livechat/visitor/:token}. */
final class VisitorRoutes {
    private final VisitorService visitors;

    VisitorRoutes(VisitorService visitors) {
        this.visitors = visitors;
    }

    void mount(Router router, BodyHandler bodies) {
        router.post("/api/v1/livechat/visitor").handler(bodies).handler(this::register);
        router.get("/api/v1/livechat/visitor/:token").handler(this::get);
        router.delete("/api/v1/livechat/visitor/:token").handler(this::erase);
    }

    private void register(RoutingContext ctx) {
        RegistrationRequest request = VisitorRegistrationParser.parse(JsonRequests.parse(ctx.body().buffer()));
        AsyncResponder.respond(ctx, visitors.register(request, RegistrationSource.REST),
                visitor -> Responses.ok(ctx, json -> VisitorJson.write(json, "visitor", visitor, true)));
    }

    /** Cache hits answer with the bytes rendered for the first hit; the entry is replaced on every change. */
    private void get(RoutingContext ctx) {
        String token = pathToken(ctx);
        AsyncResponder.respond(ctx, visitors.findCachedByToken(token), found -> Responses.send(ctx, 200,
                found.orElseThrow(VisitorRoutes::invalidToken).rendered(VisitorRoutes::visitorResponse)));
    }

    private static byte[] visitorResponse(Visitor visitor) {
        return Responses.okBody(json -> VisitorJson.write(json, "visitor", visitor, true));
    }

    private void erase(RoutingContext ctx) {
        String token = pathToken(ctx);
        AsyncResponder.respond(ctx, visitors.eraseByToken(token), erased -> {
            var visitor = erased.orElseThrow(VisitorRoutes::invalidToken);
            Responses.ok(ctx, json -> {
                json.writeObjectFieldStart("visitor");
                json.writeStringField("_id", visitor.id());
                json.writeStringField("ts", VisitorJson.time(visitor.erasedAt()));
                json.writeEndObject();
            });
        });
    }

    /** No stored token is longer than registration allows, so a longer one is unknown without a lookup. */
    private static String pathToken(RoutingContext ctx) {
        String token = ctx.pathParam("token");
        if (token.length() > InputLimits.TOKEN) {
            throw invalidToken();
        }
        return token;
    }

    static ApiError invalidToken() {
        return ApiError.meteor("invalid-token", "Invalid token");
    }
}
