package dev.switchboard.core.http;

import dev.switchboard.core.error.ApiError;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets a request through only with {@code X-User-Id: admin} and {@code X-Auth-Token} equal to the configured
 * admin token, compared in constant time. Without a configured token, nobody is an admin.
 */
final class AdminTokenCheck implements Handler<RoutingContext> {
    private final byte[] adminToken;

    AdminTokenCheck(String adminToken) {
        this.adminToken = adminToken == null || adminToken.isEmpty() ? null
                : adminToken.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String userId = ctx.request().getHeader("X-User-Id");
        String token = ctx.request().getHeader("X-Auth-Token");
        if (adminToken == null || !"admin".equals(userId) || token == null
                || !MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8))) {
            throw ApiError.plain(401, "You must be logged in to do this.");
        }
        ctx.next();
    }
}
