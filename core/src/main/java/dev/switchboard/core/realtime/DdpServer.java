package dev.switchboard.core.realtime;

import dev.switchboard.core.auth.AuthService;
import dev.switchboard.core.error.ApiError;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rocket.Chat's realtime endpoint, {@code GET /websocket}: a WebSocket speaking the DDP subset the livechat widget
 * and an agent client use (docs/conversations.md, "Realtime"). One instance per host, shared by every event loop;
 * each connection is a {@link DdpSession} on the event loop that accepted it.
 */
public final class DdpServer {
    private static final Logger LOG = LoggerFactory.getLogger(DdpServer.class);

    private final StreamBus bus;
    private final VisitorPresence presence;
    private final DdpLimits limits;
    private final DdpMethods methods;
    private final DdpSubscriptions subscriptions;
    private final AuthService auth;
    private final AtomicInteger open = new AtomicInteger();
    /** Connections logged in, with their user's id: re-checked when that user changes on this node. */
    private final Map<DdpSession, String> loggedIn = new ConcurrentHashMap<>();
    /** Per event-loop thread (a request's context is a duplicate of its loop's, one per connection). */
    private final Map<Thread, LoopWrites> loopWrites = new ConcurrentHashMap<>();

    public DdpServer(AuthService auth, StreamBus bus, RealtimeOptions options) {
        this.auth = auth;
        this.bus = bus;
        this.presence = options.presence();
        this.limits = options.limits();
        this.methods = new DdpMethods(auth, options.rooms(), bus);
        this.subscriptions = new DdpSubscriptions(options.rooms(), limits);
        auth.onUserChanged(this::recheckLoginsOf);
    }

    /**
     * The route handler: upgrades the request, tells {@code opened} of the socket, and serves DDP on it; or answers
     * 400 (Meteor's words) when it is no WebSocket handshake.
     */
    public void upgrade(RoutingContext ctx, Consumer<ServerWebSocket> opened) {
        if (!ctx.request().canUpgradeToWebSocket()) {
            ctx.fail(ApiError.plain(400, "Can \"Upgrade\" only to \"WebSocket\"."));
            return;
        }
        Context context = Vertx.currentContext();
        ctx.request().toWebSocket()
                .onSuccess(socket -> {
                    open.incrementAndGet();
                    opened.accept(socket);
                    new DdpSession(this, socket, context,
                            loopWrites.computeIfAbsent(Thread.currentThread(), loop -> new LoopWrites(context))).start();
                })
                .onFailure(e -> LOG.debug("Websocket upgrade failed: {}", e.toString()));
    }

    /** Connections open now. */
    public int openConnections() {
        return open.get();
    }

    DdpLimits limits() {
        return limits;
    }

    StreamBus bus() {
        return bus;
    }

    VisitorPresence presence() {
        return presence;
    }

    DdpMethods methods() {
        return methods;
    }

    DdpSubscriptions subscriptions() {
        return subscriptions;
    }

    AuthService auth() {
        return auth;
    }

    /** {@code session} logged in as user {@code userId}, or out or ended ({@code null}). */
    void loggedIn(DdpSession session, String userId) {
        if (userId != null) {
            loggedIn.put(session, userId);
        } else {
            loggedIn.remove(session);
        }
    }

    private void recheckLoginsOf(String userId) {
        loggedIn.forEach((session, user) -> {
            if (user.equals(userId)) {
                session.context().runOnContext(ignored -> session.recheckLogin());
            }
        });
    }

    /** A connection ended (called once per connection). */
    void ended() {
        open.decrementAndGet();
    }
}
