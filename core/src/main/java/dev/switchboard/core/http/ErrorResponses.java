package dev.switchboard.core.http;

import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.error.Failures;
import dev.switchboard.core.error.ServiceUnavailableException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last word on every failure: whatever went wrong is answered in Rocket.Chat's envelope with a fitting
 * status. No stack trace ever reaches a client; unexpected failures are logged under a reference the client
 * is given.
 */
final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() { }

    static void install(Router router) {
        router.route().failureHandler(ErrorResponses::handle);
        router.errorHandler(404, ctx -> Responses.error(ctx,
                ApiError.meteor(404, "error-not-found", "No route matches " + ctx.request().method() + " "
                        + ctx.request().path())));
        router.errorHandler(405, ctx -> Responses.error(ctx,
                ApiError.meteor(405, "error-method-not-allowed", "Method not allowed")));
    }

    static void handle(RoutingContext ctx) {
        Responses.error(ctx, toApiError(ctx.failure(), ctx.statusCode()));
    }

    /** 413 for a body over {@code limit} bytes, the limit of the route that refused it. */
    static ApiError tooLarge(int limit) {
        return ApiError.meteor(413, "error-request-too-large", "The request body is larger than " + limit + " bytes");
    }

    static ApiError toApiError(Throwable failure, int status) {
        Throwable cause = failure == null ? null : Failures.cause(failure);
        if (cause instanceof ApiError error) {
            return error;
        }
        if (cause != null && TransportErrors.isClientStreamFailure(cause)) {
            return TransportErrors.clientStreamFailed(cause);
        }
        if (cause instanceof ServiceUnavailableException) {
            return ApiError.meteor(503, "error-service-unavailable",
                    "The database is unavailable; try again shortly");
        }
        if (status == 413) {
            return tooLarge(InputLimits.BODY_BYTES);
        }
        if (status >= 400 && status < 500) {
            return ApiError.meteor(status, "error-bad-request", "The request could not be read");
        }
        String reference = UUID.randomUUID().toString();
        LOG.error("Unexpected failure, reference {}", reference, cause);
        return ApiError.meteor(500, "error-internal", "Internal error (reference " + reference + ")");
    }
}
