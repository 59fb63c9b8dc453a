package dev.switchboard.core.http;

import dev.switchboard.core.metrics.HostMetrics;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs first on every request: gives it a request id ({@code X-Request-Id}, the caller's when it is a sane one),
 * which log lines written while the request is handled carry ({@code request_id} in the MDC); when the answer is
 * sent, records it in the metrics by route template (never the raw path, which would be one series per token)
 * and, with {@code --access-log on}, writes one access-log line.
 */
final class RequestTelemetry implements Handler<RoutingContext> {
    static final String REQUEST_ID = "request_id";
    static final String HEADER = "X-Request-Id";
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Logger ACCESS = LoggerFactory.getLogger("switchboard.access");

    private final HostMetrics metrics;
    private final boolean accessLog;

    RequestTelemetry(HostMetrics metrics, boolean accessLog) {
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        String given = ctx.request().getHeader(HEADER);
        String id = given != null && SANE_ID.matcher(given).matches() ? given : newId();
        ctx.response().putHeader(HEADER, id);
        ctx.addBodyEndHandler(ignored -> finished(ctx, id, System.nanoTime() - start));
        MDC.put(REQUEST_ID, id);
        try {
            ctx.next();
        } finally {
            MDC.remove(REQUEST_ID);
        }
    }

    /** Not a secret, only unique enough to find one request's lines: no SecureRandom on an event loop. */
    private static String newId() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    private void finished(RoutingContext ctx, String id, long nanos) {
        int status = ctx.response().getStatusCode();
        String method = ctx.request().method().name();
        String route = routeOf(ctx);
        metrics.httpRequest(method, route, status, nanos);
        if (accessLog) {
            MDC.put(REQUEST_ID, id);
            try {
                ACCESS.info("{} {} {} {} ms route={}", method, ctx.request().path(), status,
                        TimeUnit.NANOSECONDS.toMillis(nanos), route);
            } finally {
                MDC.remove(REQUEST_ID);
            }
        }
    }

    /** The template of the route that answered ({@code /api/v1/livechat/visitor/:token}), or "unmatched". */
    private static String routeOf(RoutingContext ctx) {
        Route route = ctx.currentRoute();
        String path = route == null ? null : route.getPath();
        return path == null || path.isEmpty() ? "unmatched" : path;
    }
}
