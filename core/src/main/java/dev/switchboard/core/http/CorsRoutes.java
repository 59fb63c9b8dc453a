package dev.switchboard.core.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cross-origin access to {@code /api/*}, as Rocket.Chat's CORS middleware answers it, with the origins given by
 * {@code --cors-origins} in place of its {@code API_Enable_CORS} / {@code API_CORS_Origin} settings. Off (no
 * origins) by default: a preflight is answered 405. With origins, a preflight from a listed origin (exact match,
 * case-insensitive) gets Rocket.Chat's allowed methods and headers, any other origin 403; actual requests from a
 * listed origin get {@code Access-Control-Allow-Origin}. {@code *} allows every origin.
 */
final class CorsRoutes {
    static final String ALLOW_METHODS = "GET, POST, PUT, DELETE, HEAD, PATCH";
    static final String ALLOW_HEADERS =
            "Origin, X-Requested-With, Content-Type, Accept, X-User-Id, X-Auth-Token, x-visitor-token, Authorization";
    static final String ANY = "*";

    private final boolean enabled;
    private final boolean anyOrigin;
    private final Set<String> origins;

    CorsRoutes(List<String> origins) {
        this.enabled = !origins.isEmpty();
        this.anyOrigin = origins.contains(ANY);
        this.origins = origins.stream().map(origin -> origin.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Mount before the API's routes, so preflights never reach them. One route for every method: a route for
     * OPTIONS alone would turn every unknown path's 404 into a 405.
     */
    void mount(Router router) {
        router.route("/api/*").handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        if (!enabled && ctx.request().method() != HttpMethod.OPTIONS) {
            ctx.next(); // off: only preflights are answered here
            return;
        }
        String origin = ctx.request().getHeader("Origin");
        boolean preflight = ctx.request().method() == HttpMethod.OPTIONS
                && (origin != null || ctx.request().getHeader("Access-Control-Request-Method") != null);
        if (!preflight) {
            if (enabled && origin != null && allowed(origin)) {
                allow(ctx.response(), origin);
            }
            ctx.next();
            return;
        }
        if (!enabled) {
            text(ctx, 405, "CORS not enabled. Start the host with --cors-origins to enable it.");
        } else if (origin == null || !allowed(origin)) {
            text(ctx, 403, "Invalid origin");
        } else {
            allow(ctx.response(), origin);
            ctx.response().setStatusCode(200).end();
        }
    }

    private boolean allowed(String origin) {
        return anyOrigin || origins.contains(origin.toLowerCase(Locale.ROOT));
    }

    private void allow(HttpServerResponse response, String origin) {
        response.putHeader("Access-Control-Allow-Origin", anyOrigin ? ANY : origin);
        if (!anyOrigin) {
            response.putHeader("Vary", "Origin");
        }
        response.putHeader("Access-Control-Allow-Methods", ALLOW_METHODS);
        response.putHeader("Access-Control-Allow-Headers", ALLOW_HEADERS);
    }

    private static void text(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "text/plain; charset=utf-8").end(body);
    }
}
