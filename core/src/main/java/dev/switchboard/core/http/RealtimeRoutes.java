package dev.switchboard.core.http;

import dev.switchboard.core.realtime.DdpServer;
import io.vertx.ext.web.Router;

/** {@code GET /websocket}: Rocket.Chat's realtime API (DDP over a WebSocket), served by {@link DdpServer}. */
final class RealtimeRoutes {
    private final DdpServer realtime;
    private final ConnectionGuard guard;

    RealtimeRoutes(DdpServer realtime, ConnectionGuard guard) {
        this.realtime = realtime;
        this.guard = guard;
    }

    void mount(Router router) {
        router.get("/websocket").handler(ctx -> realtime.upgrade(ctx,
                socket -> guard.webSocketOpened(ctx.request(), socket)));
    }
}
