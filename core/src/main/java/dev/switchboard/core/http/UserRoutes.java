package dev.switchboard.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.auth.AuthService;
import dev.switchboard.core.auth.Permission;
import dev.switchboard.core.auth.Role;
import dev.switchboard.core.auth.User;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.JdbcUserStore.TokenInfo;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Users and personal access tokens in Rocket.Chat's shapes: {@code users.create} ({@code create-user}, admins),
 * {@code users.generatePersonalAccessToken}, {@code users.regeneratePersonalAccessToken},
 * {@code users.removePersonalAccessToken},
 * {@code users.getPersonalAccessTokens} (one's own: everyone; another user's via {@code userId}: admins). Without
 * {@code create-personal-access-tokens}, generating and removing answer 400 {@code not-authorized} and listing 403,
 * as in Rocket.Chat.
 */
final class UserRoutes {
    private static final Pattern USERNAME = Pattern.compile("^[0-9a-zA-Z._-]+$");
    private static final int TOKEN_NAME = 128;

    private final AuthService users;
    private final Authenticator auth;

    UserRoutes(AuthService users, Authenticator auth) {
        this.users = users;
        this.auth = auth;
    }

    void mount(Router router, BodyHandler bodies) {
        String base = "/api/v1/users";
        router.post(base + ".create").handler(bodies).handler(auth.require(Permission.CREATE_USER))
                .handler(this::create);
        router.post(base + ".generatePersonalAccessToken").handler(bodies).handler(auth.requireLogin())
                .handler(this::generate);
        router.post(base + ".removePersonalAccessToken").handler(bodies).handler(auth.requireLogin())
                .handler(this::remove);
        router.post(base + ".regeneratePersonalAccessToken").handler(bodies).handler(auth.requireLogin())
                .handler(this::regenerate);
        router.get(base + ".getPersonalAccessTokens")
                .handler(auth.require(Permission.CREATE_PERSONAL_ACCESS_TOKENS)).handler(this::list);
    }

    private void create(RoutingContext ctx) {
        JsonNode body = Params.object(JsonRequests.parse(ctx.body().buffer()));
        String username = Params.requireString(body, "username", InputLimits.USERNAME);
        String name = Params.requireString(body, "name", InputLimits.NAME);
        String email = Params.optionalString(body, "email", InputLimits.EMAIL);
        String password = Params.optionalString(body, "password", 1024);
        if (!USERNAME.matcher(username).matches()) {
            throw ApiError.meteor("error-invalid-username", "Invalid username: use letters, digits, '.', '-', '_'");
        }
        List<Role> roles = roles(body.get("roles"));
        AsyncResponder.respond(ctx, users.createUser(username, name, email == null || email.isBlank() ? null
                : email.trim().toLowerCase(java.util.Locale.ROOT), password, roles), user -> {
                Audit.changed(ctx, "user created", user.username() + " (user id " + user.id() + ", roles "
                        + user.roles().stream().map(Role::wireName).toList() + ")");
                Responses.ok(ctx, json -> {
                    json.writeObjectFieldStart("user");
                    writeUserFields(json, user);
                    json.writeEndObject();
                });
        });
    }

    /** A user's fields as Rocket.Chat's {@code users.create} (and {@code me}) render them. */
    /** Rocket.Chat's {@code emails: [{address, verified}]} of a user with an email (may be null: nothing). */
    static void writeEmails(com.fasterxml.jackson.core.JsonGenerator json, String email) throws java.io.IOException {
        if (email != null) {
            json.writeArrayFieldStart("emails");
            json.writeStartObject();
            json.writeStringField("address", email);
            json.writeBooleanField("verified", false);
            json.writeEndObject();
            json.writeEndArray();
        }
    }

    static void writeUserFields(com.fasterxml.jackson.core.JsonGenerator json, User user) throws java.io.IOException {
        json.writeStringField("_id", user.id());
        json.writeStringField("createdAt", VisitorJson.time(user.createdAt()));
        json.writeStringField("username", user.username());
        if (user.name() != null) {
            json.writeStringField("name", user.name());
        }
        writeEmails(json, user.email());
        json.writeStringField("type", "user");
        json.writeBooleanField("active", true);
        json.writeArrayFieldStart("roles");
        for (Role role : user.roles()) {
            json.writeString(role.wireName());
        }
        json.writeEndArray();
        json.writeStringField("_updatedAt", VisitorJson.time(user.updatedAt()));
    }

    private void generate(RoutingContext ctx) {
        JsonNode body = Params.object(JsonRequests.parse(ctx.body().buffer()));
        String tokenName = tokenName(ctx, body);
        String userId = target(ctx, Params.optionalString(body, "userId", InputLimits.TOKEN));
        answerToken(ctx, "token created", tokenName, userId, users.generateToken(userId, tokenName));
    }

    /** One's own token only, as Rocket.Chat's route (it takes no {@code userId}). */
    private void regenerate(RoutingContext ctx) {
        JsonNode body = Params.object(JsonRequests.parse(ctx.body().buffer()));
        String tokenName = tokenName(ctx, body);
        String userId = Authenticator.user(ctx).id();
        answerToken(ctx, "token regenerated", tokenName, userId, users.regenerateToken(userId, tokenName));
    }

    /** {@code {token}} once {@code issued} completes, after the audit line. */
    private static void answerToken(RoutingContext ctx, String action, String tokenName, String userId,
                                    CompletableFuture<String> issued) {
        AsyncResponder.respond(ctx, issued, token -> {
            Audit.changed(ctx, action, "'" + tokenName + "' of user id " + userId);
            Responses.ok(ctx, json -> json.writeStringField("token", token));
        });
    }

    private void remove(RoutingContext ctx) {
        JsonNode body = Params.object(JsonRequests.parse(ctx.body().buffer()));
        String tokenName = tokenName(ctx, body);
        String userId = target(ctx, Params.optionalString(body, "userId", InputLimits.TOKEN));
        AsyncResponder.respond(ctx, users.removeToken(userId, tokenName), done -> {
            Audit.changed(ctx, "token removed", "'" + tokenName + "' of user id " + userId);
            Responses.ok(ctx, json -> { });
        });
    }

    private void list(RoutingContext ctx) {
        String userId = target(ctx, Params.optionalQuery(ctx, "userId", InputLimits.TOKEN));
        AsyncResponder.respond(ctx, users.tokens(userId), tokens -> Responses.ok(ctx, json -> {
            json.writeArrayFieldStart("tokens");
            for (TokenInfo token : tokens) {
                json.writeStartObject();
                json.writeStringField("name", token.name());
                json.writeStringField("createdAt", VisitorJson.time(token.createdAt()));
                json.writeEndObject();
            }
            json.writeEndArray();
        }));
    }

    /**
     * The token name; then the caller must hold {@code create-personal-access-tokens}, which Rocket.Chat's token
     * functions check themselves: {@code Not Authorized [not-authorized]}, 400 (its listing route answers 403).
     */
    private static String tokenName(RoutingContext ctx, JsonNode body) {
        String name = Params.requireString(body, "tokenName", TOKEN_NAME);
        if (name.isBlank()) {
            throw Params.invalid("tokenName must NOT have fewer than 1 characters");
        }
        if (!Authenticator.user(ctx).has(Permission.CREATE_PERSONAL_ACCESS_TOKENS)) {
            throw ApiError.meteor("not-authorized", "Not Authorized");
        }
        return name;
    }

    /** The caller, or another user when {@code userId} names one, which needs {@code edit-other-user-info}. */
    private static String target(RoutingContext ctx, String userId) {
        User caller = Authenticator.user(ctx);
        if (userId == null || userId.isEmpty() || userId.equals(caller.id())) {
            return caller.id();
        }
        if (!caller.has(Permission.EDIT_OTHER_USER_INFO)) {
            throw Authenticator.forbidden();
        }
        return userId;
    }

    private static List<Role> roles(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of(Role.USER); // Rocket.Chat's default
        }
        if (!node.isArray()) {
            throw Params.invalid("roles must be an array of admin, manager, agent, user");
        }
        LinkedHashSet<Role> roles = new LinkedHashSet<>();
        for (JsonNode item : node) {
            String name = item.isTextual() ? item.textValue() : String.valueOf(item);
            roles.add(Role.parse(name).orElseThrow(() ->
                    ApiError.meteor("error-invalid-role", "Invalid role " + name + " (use admin, manager, agent, user)")));
        }
        return new ArrayList<>(roles);
    }
}
