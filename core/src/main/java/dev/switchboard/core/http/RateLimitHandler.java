package dev.switchboard.core.http;

import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.ratelimit.RateLimitRule;
import dev.switchboard.core.ratelimit.RateLimiter;
import dev.switchboard.core.ratelimit.TrustedProxies;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;

/**
 * Mounts one limiting route in front of each limited route (same method and path), so limits apply to routes
 * whatever class mounts them. Every answer of a limited route carries {@code X-RateLimit-Limit},
 * {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset} (epoch milliseconds, as Rocket.Chat sends); over
 * the limit the answer is Rocket.Chat's 429.
 */
final class RateLimitHandler {
    private final RateLimiter limiter;
    private final List<RateLimitRule> rules;
    private final TrustedProxies proxies;
    private final Clock clock;

    RateLimitHandler(List<RateLimitRule> rules, TrustedProxies proxies, Clock clock) {
        this.rules = rules;
        this.limiter = new RateLimiter(rules);
        this.proxies = proxies;
        this.clock = clock;
    }

    /** Must run before the limited routes are mounted. */
    void mount(Router router) {
        for (RateLimitRule rule : rules) {
            if (rule.enabled()) {
                router.route(HttpMethod.valueOf(rule.method()), rule.path()).handler(ctx -> limit(ctx, rule));
            }
        }
    }

    private void limit(RoutingContext ctx, RateLimitRule rule) {
        SocketAddress peer = ctx.request().remoteAddress();
        // Every X-Forwarded-For line: a proxy may append its own line and keep the client's forged one.
        List<String> forwarded = ctx.request().headers().getAll("X-Forwarded-For");
        String client = proxies.clientAddress(peer == null ? "unknown" : peer.hostAddress(),
                forwarded.isEmpty() ? null : String.join(",", forwarded));
        long now = clock.millis();
        RateLimiter.Decision decision = limiter.acquire(rule, client, now);
        HttpServerResponse response = ctx.response();
        response.putHeader("X-RateLimit-Limit", Integer.toString(decision.limit()));
        response.putHeader("X-RateLimit-Remaining", Integer.toString(decision.remaining()));
        response.putHeader("X-RateLimit-Reset", Long.toString(decision.resetAt()));
        if (decision.allowed()) {
            ctx.next();
            return;
        }
        Responses.error(ctx, ApiError.meteor(429, "error-too-many-requests",
                "Error, too many requests. Please slow down. You must wait " + decision.secondsToWait(now)
                        + " seconds before trying this endpoint again."));
    }
}
