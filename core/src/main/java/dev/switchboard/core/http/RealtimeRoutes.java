package dev.switchboard.core.http;

import dev.switchboard.core.realtime.DdpServer;
import io.vertx.ext.web.Router;

/** {@code GET /websocket}: Rocket.Chat's realtime API (DDP over a WebSocket), served by {@link DdpServer}. */
final class RealtimeRoutes {
    private final DdpServer realtime;

    RealtimeRoutes(DdpServer realtime) {
        this.realtime = realtime;
    }

    void mount(Router router) {
        router.get("/websocket").handler(realtime::upgrade);
    }
}
