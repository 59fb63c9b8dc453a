package dev.switchboard.core.http;

import dev.switchboard.core.auth.AuthService;
import dev.switchboard.core.auth.User;
import dev.switchboard.core.error.ApiError;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Guards authenticated routes with Rocket.Chat's headers {@code X-User-Id} and {@code X-Auth-Token}: no or a wrong
 * token → 401 (with Rocket.Chat's compatibility keys {@code status} and {@code message}); a user without the
 * route's permission → 403. Mount it after the body handler and before the route's own checks.
 */
final class Authenticator {
    static final String NOT_LOGGED_IN = "You must be logged in to do this.";
    private static final String USER_KEY = "switchboard.user";
    private static final int MAX_HEADER = 512;

    private final AuthService auth;

    Authenticator(AuthService auth) {
        this.auth = auth;
    }

    /** A handler that lets the request through only for a user holding every one of {@code permissions}. */
    Handler<RoutingContext> require(String... permissions) {
        return guard(permissions);
    }

    /**
     * A handler that lets any signed-in user through (Rocket.Chat's {@code authRequired}); the route checks
     * permissions itself where Rocket.Chat answers a missing one in its own words rather than with 403.
     */
    Handler<RoutingContext> requireLogin() {
        return guard();
    }

    private Handler<RoutingContext> guard(String... permissions) {
        return ctx -> {
            String userId = ctx.request().getHeader("X-User-Id");
            String token = ctx.request().getHeader("X-Auth-Token");
            if (userId == null || token == null || userId.isEmpty() || token.isEmpty()
                    || userId.length() > MAX_HEADER || token.length() > MAX_HEADER) {
                notLoggedIn(ctx);
                return;
            }
            AsyncResponder.respond(ctx, auth.authenticate(userId, token), found -> {
                if (found.isEmpty()) {
                    notLoggedIn(ctx);
                    return;
                }
                for (String permission : permissions) {
                    if (!found.get().has(permission)) {
                        throw forbidden();
                    }
                }
                ctx.put(USER_KEY, found.get());
                ctx.next();
            });
        };
    }

    /** The authenticated caller (only on routes guarded by {@link #require}). */
    static User user(RoutingContext ctx) {
        return ctx.get(USER_KEY);
    }

    static ApiError forbidden() {
        return ApiError.meteor(403, "error-unauthorized",
                "User does not have the permissions required for this action");
    }

    static void notLoggedIn(RoutingContext ctx) {
        Responses.send(ctx, 401, JsonWriter.object(json -> {
            json.writeBooleanField("success", false);
            json.writeStringField("status", "error");
            json.writeStringField("message", NOT_LOGGED_IN);
            json.writeStringField("error", NOT_LOGGED_IN);
        }));
    }
}
