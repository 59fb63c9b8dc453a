package dev.switchboard.core.http;

import dev.switchboard.core.auth.Secrets;
import dev.switchboard.core.metrics.HostMetrics;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /metrics}: Prometheus' text format, for a caller presenting {@code Authorization: Bearer TOKEN} with
 * the admin token or the {@code --metrics-token}; anyone else gets 401. Tokens are compared as SHA-256 digests
 * in constant time ({@link Secrets#sameHash}: no early exit, and no length to learn). Without either token configured
 * nobody can scrape.
 */
final class MetricsRoutes {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String BEARER = "Bearer ";

    private final HostMetrics metrics;
    /** SHA-256 (hex) of each token that may scrape. */
    private final List<String> accepted = new ArrayList<>();

    MetricsRoutes(HostMetrics metrics, String adminToken, String metricsToken) {
        this.metrics = metrics;
        for (String token : new String[] {adminToken, metricsToken}) {
            if (token != null && !token.isEmpty()) {
                accepted.add(Secrets.hashToken(token));
            }
        }
    }

    void mount(Router router) {
        router.get("/metrics").handler(this::scrape);
    }

    private void scrape(RoutingContext ctx) {
        if (!authorized(ctx.request().getHeader("Authorization"))) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            Authenticator.notLoggedIn(ctx);
            return;
        }
        // Rendering every series is CPU work of a few milliseconds: not on the event loop.
        ctx.vertx().executeBlocking(metrics::scrape, false).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            ctx.response().putHeader("Content-Type", PROMETHEUS_TEXT).end(done.result());
        });
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith(BEARER) || header.length() > 1024) {
            return false;
        }
        String presented = Secrets.hashToken(header.substring(BEARER.length()).trim());
        boolean match = false;
        for (String token : accepted) {
            match |= Secrets.sameHash(presented, token); // no early exit: every token is compared
        }
        return match;
    }
}
