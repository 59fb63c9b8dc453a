package dev.switchboard.core.http;

import dev.switchboard.core.error.ApiError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies the host holds at once, across every route and event loop. Bodies are buffered
 * whole before a route authenticates anything (an app's webhook checks its signature only once it has the body), so
 * without a bound, many slow near-limit bodies would fill the heap. Each request with a body reserves its declared
 * length (or its route's limit when it is chunked) before any byte is read and gives it back when its response
 * ends or its connection closes; one that would go over the budget is answered 503 at once.
 */
final class BodyBudget implements Handler<RoutingContext> {
    /** The largest body any route accepts (app endpoints'); a chunked body reserves this much. */
    static final long LARGEST_BODY = AppEndpointRoutes.BODY_BYTES;

    private final long budget;
    private final AtomicLong reserved = new AtomicLong();

    BodyBudget(long budget) {
        this.budget = budget;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long size = reservation(ctx.request());
        if (size == 0) {
            ctx.next();
            return;
        }
        if (reserved.addAndGet(size) > budget) {
            reserved.addAndGet(-size);
            ctx.response().putHeader("connection", "close").putHeader("retry-after", "1");
            ctx.fail(ApiError.meteor(503, "error-service-unavailable",
                    "The host is receiving too many request bodies; try again shortly"));
            return;
        }
        ctx.addEndHandler(ended -> reserved.addAndGet(-size));
        ctx.next();
    }

    /** The declared length, capped at the largest body a route takes (a longer one is refused with 413 unread). */
    private static long reservation(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                return Math.min(Math.max(0, Long.parseLong(length.trim())), LARGEST_BODY);
            } catch (NumberFormatException e) {
                return LARGEST_BODY;
            }
        }
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null ? LARGEST_BODY : 0;
    }
}
