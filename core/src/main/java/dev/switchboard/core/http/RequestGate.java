package dev.switchboard.core.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * What every request passes before the router: its connection's guard learns that its head arrived; its target
 * (path and query) must be clean text
 * ({@link TextRules#isCleanTarget}). The router would otherwise decode a bad percent-escape deep inside its
 * matching and fail outside any route's failure handler; and a NUL or a broken escape in a path or query value must
 * not reach a handler or the database.
 */
final class RequestGate implements Handler<HttpServerRequest> {
    private final ConnectionGuard guard;
    private final Handler<HttpServerRequest> router;

    RequestGate(ConnectionGuard guard, Handler<HttpServerRequest> router) {
        this.guard = guard;
        this.router = router;
    }

    @Override
    public void handle(HttpServerRequest request) {
        guard.requestArrived(request);
        if (!TextRules.isCleanTarget(request.uri())) {
            Responses.error(request.response(), TextRules.invalid("The request path and query"));
            return;
        }
        router.handle(request);
    }
}
