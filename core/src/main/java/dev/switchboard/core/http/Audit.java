package dev.switchboard.core.http;

import dev.switchboard.core.auth.User;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One line (logger {@code switchboard.audit}) for every change an operator makes through the API: users, tokens,
 * departments, custom fields, app settings and status, written once the change is done and naming who made it.
 * Never a token or a setting's value: only names and ids.
 */
final class Audit {
    private static final Logger LOG = LoggerFactory.getLogger("switchboard.audit");

    private Audit() { }

    /** {@code action} done on {@code target} by the authenticated caller of {@code ctx}. */
    static void changed(RoutingContext ctx, String action, String target) {
        User user = Authenticator.user(ctx);
        String requestId = ctx.response().headers().get(RequestTelemetry.HEADER);
        if (requestId != null) {
            MDC.put(RequestTelemetry.REQUEST_ID, requestId);
        }
        try {
            LOG.info("{} {} by {} (user id {})", action, target, user.username(), user.id());
        } finally {
            MDC.remove(RequestTelemetry.REQUEST_ID);
        }
    }
}
