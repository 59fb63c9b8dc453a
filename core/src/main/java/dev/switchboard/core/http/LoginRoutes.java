package dev.switchboard.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.auth.AuthService;
import dev.switchboard.core.auth.AuthService.LoginFailed;
import dev.switchboard.core.auth.Role;
import dev.switchboard.core.auth.User;
import dev.switchboard.core.desk.AgentService;
import dev.switchboard.core.error.Failures;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.concurrent.CompletableFuture;

/**
 * Agents' sessions in Rocket.Chat's shapes: {@code POST /api/v1/login} ({@code {user|username, password}} or
 * {@code {resume}}), {@code POST /api/v1/logout} (revokes the login token the request carries), {@code GET /api/v1/me}.
 * Login answers {@code {status, data}} without {@code success}, as Rocket.Chat does; {@code me} carries an agent's
 * {@code statusLivechat}, read fresh (it changes without a new login).
 */
final class LoginRoutes {
    private static final int PASSWORD = 1024;

    private final AuthService auth;
    private final Authenticator authenticator;
    private final AgentService agents;

    LoginRoutes(AuthService auth, Authenticator authenticator, AgentService agents) {
        this.auth = auth;
        this.authenticator = authenticator;
        this.agents = agents;
    }

    void mount(Router router, BodyHandler bodies) {
        router.post("/api/v1/login").handler(bodies).handler(this::login);
        router.post("/api/v1/logout").handler(bodies).handler(authenticator.requireLogin()).handler(this::logout);
        router.get("/api/v1/me").handler(authenticator.requireLogin()).handler(this::me);
    }

    private void login(RoutingContext ctx) {
        JsonNode body = Params.object(JsonRequests.parse(ctx.body().buffer()));
        String resume = text(body, "resume", InputLimits.TOKEN);
        String name = text(body, "user", InputLimits.USERNAME);
        if (name == null) {
            name = text(body, "username", InputLimits.USERNAME);
        }
        String password = text(body, "password", PASSWORD);
        CompletableFuture<AuthService.Login> login;
        if (resume != null) {
            login = auth.loginByResume(resume);
        } else if (name != null && password != null) {
            login = auth.login(name, password);
        } else {
            failed(ctx, "Unauthorized", "Unauthorized");
            return;
        }
        login.whenComplete((done, failure) -> ctx.vertx().getOrCreateContext().runOnContext(ignored -> {
            Throwable cause = failure == null ? null : Failures.cause(failure);
            if (cause instanceof LoginFailed refused) {
                failed(ctx, refused.error(), refused.getMessage());
            } else if (cause != null) {
                ctx.fail(cause);
            } else {
                Responses.send(ctx, 200, JsonWriter.object(json -> {
                    json.writeStringField("status", "success");
                    json.writeObjectFieldStart("data");
                    json.writeStringField("userId", done.user().id());
                    json.writeStringField("authToken", done.token());
                    json.writeFieldName("me");
                    json.writeStartObject();
                    UserRoutes.writeUserFields(json, done.user());
                    json.writeEndObject();
                    json.writeEndObject();
                }));
            }
        }));
    }

    /** A login field: a string, or absent (anything else counts as absent, so the login fails as unauthorized). */
    private static String text(JsonNode body, String key, int maxLength) {
        JsonNode value = body.get(key);
        return value != null && value.isTextual() && value.textValue().length() <= maxLength
                ? value.textValue() : null;
    }

    private static void failed(RoutingContext ctx, String error, String message) {
        Responses.send(ctx, 401, JsonWriter.object(json -> {
            json.writeStringField("status", "error");
            json.writeStringField("error", error);
            json.writeStringField("message", message);
        }));
    }

    private void logout(RoutingContext ctx) {
        User user = Authenticator.user(ctx);
        AsyncResponder.respond(ctx, auth.logout(user.id(), ctx.request().getHeader("X-Auth-Token")), removed ->
                Responses.send(ctx, 200, JsonWriter.object(json -> {
                    json.writeStringField("status", "success");
                    json.writeObjectFieldStart("data");
                    json.writeStringField("message", "You've been logged out!");
                    json.writeEndObject();
                })));
    }

    private void me(RoutingContext ctx) {
        User user = Authenticator.user(ctx);
        AsyncResponder.respond(ctx, agents.find(Role.AGENT, user.id()), agent -> Responses.ok(ctx, json -> {
            UserRoutes.writeUserFields(json, user);
            if (agent.isPresent() && agent.get().statusLivechat() != null) {
                json.writeStringField("statusLivechat", agent.get().statusLivechat());
            }
        }));
    }
}
