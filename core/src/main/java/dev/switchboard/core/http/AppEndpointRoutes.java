package dev.switchboard.core.http;

import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.error.Failures;
import dev.switchboard.core.plugin.AppResponseTooLargeException;
import dev.switchboard.core.plugin.PluginHost;
import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.AppResponse;
import dev.switchboard.spi.HostUnavailableException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/apps/public/{appId}/{path}}: requests handed to an enabled app's endpoint with the raw body bytes,
 * answered with whatever it returns. Unknown or disabled apps answer 404.
 */
final class AppEndpointRoutes {
    /** WhatsApp deliveries reach 3 MB; app endpoints get more room than the visitor API. */
    static final int BODY_BYTES = 4 * 1024 * 1024;
    private static final String PREFIX = "/api/apps/public/";
    private static final Logger LOG = LoggerFactory.getLogger(AppEndpointRoutes.class);

    private final PluginHost plugins;

    AppEndpointRoutes(PluginHost plugins) {
        this.plugins = plugins;
    }

    void mount(Router router) {
        router.route(PREFIX + ":appId/*")
                .handler(BodyHandler.create(false).setBodyLimit(BODY_BYTES))
                .handler(this::dispatch)
                .failureHandler(ctx -> {
                    if (ctx.statusCode() == 413) {
                        Responses.error(ctx, ErrorResponses.tooLarge(BODY_BYTES)); // this route's limit
                    } else {
                        ctx.next();
                    }
                });
    }

    private void dispatch(RoutingContext ctx) {
        String appId = ctx.pathParam("appId");
        String fullPath = ctx.normalizedPath();
        String appPrefix = PREFIX + appId + "/";
        String path = fullPath.startsWith(appPrefix) ? fullPath.substring(appPrefix.length()) : "";
        Buffer body = ctx.body().buffer();
        AppRequest request = new AppRequest(ctx.request().method().name(), path, multiMap(ctx.queryParams(), false),
                multiMap(ctx.request().headers(), true), body == null ? new byte[0] : body.getBytes());
        CompletableFuture<AppResponse> answer = plugins.dispatch(appId, request).orElseThrow(() ->
                ApiError.meteor(404, "error-app-endpoint-not-found",
                        "No enabled app " + appId + " serves " + path));
        AsyncResponder.respond(ctx, answer.exceptionally(failure -> {
            throw toApiError(appId, failure);
        }), response -> write(ctx.response(), response));
    }

    private static ApiError toApiError(String appId, Throwable failure) {
        Throwable cause = Failures.cause(failure);
        if (cause instanceof TimeoutException) {
            return ApiError.meteor(504, "error-app-timeout", "App " + appId + " did not answer in time");
        }
        if (cause instanceof RejectedExecutionException) {
            return ApiError.meteor(503, "error-app-busy", "App " + appId + " is too busy to answer; try again");
        }
        if (cause instanceof AppResponseTooLargeException) {
            return ApiError.meteor(502, "error-app-response-too-large",
                    "App " + appId + " answered with a response too large to send");
        }
        if (cause instanceof HostUnavailableException) {
            return ApiError.meteor(503, "error-service-unavailable",
                    "The database is unavailable; try again shortly");
        }
        String reference = UUID.randomUUID().toString();
        LOG.warn("App {} failed a request, reference {}: {}", appId, reference, cause.toString());
        return ApiError.meteor(500, "error-app-failed",
                "App " + appId + " failed to handle the request (reference " + reference + ")");
    }

    private static void write(HttpServerResponse response, AppResponse answer) {
        response.setStatusCode(answer.status());
        answer.headers().forEach(response::putHeader);
        response.end(Buffer.buffer(answer.body()));
    }

    /**
     * One pass over the entries, values in request order. Header names are lower-cased here, so that one header
     * sent in different cases keeps its order; query names stay as sent (AppRequest matches them case-sensitively).
     */
    private static Map<String, List<String>> multiMap(MultiMap values, boolean lowerCaseNames) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : values) {
            String name = lowerCaseNames ? entry.getKey().toLowerCase(Locale.ROOT) : entry.getKey();
            map.computeIfAbsent(name, ignored -> new ArrayList<>(1)).add(entry.getValue());
        }
        return map;
    }
}
