package dev.switchboard.core.http;

import dev.switchboard.core.config.ConnectionLimits;
import dev.switchboard.core.error.ApiError;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop's connections and what they may take: a request's head must arrive within the header timeout of
 * the connection opening or its previous response ending (slowloris: headers dribbled a byte at a time keep a
 * connection out of the idle timeout, never out of this one), and a request's body within the body timeout of its
 * head (a stalled body is answered 408 and its connection closed, freeing what was buffered). Vert.x offers an idle
 * timeout only, so a sweep once a second checks every connection; state is touched on this event loop alone.
 * A connection upgraded to a WebSocket ({@link #webSocketOpened}) leaves both timeouts: it carries no more requests,
 * and the DDP heartbeat and the idle timeout watch it instead; its share is given back once the socket is closed
 * (Vert.x no longer reports the connection's close after an upgrade). Also admits each new connection against the
 * per-client limit.
 */
final class ConnectionGuard {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final long SWEEP_MILLIS = 1_000;

    private final Vertx vertx;
    private final long headerNanos;
    private final long bodyNanos;
    private final ClientConnections clients;
    private final Map<HttpConnection, State> connections = new HashMap<>();
    private long sweeper = -1;

    /** A connection: waiting for a head since {@code waitingSince}, or serving {@code current} since its head. */
    private static final class State {
        final String address;
        long waitingSince;
        HttpServerRequest current;
        long headAt;
        ServerWebSocket webSocket;

        State(String address, long now) {
            this.address = address;
            this.waitingSince = now;
        }
    }

    ConnectionGuard(Vertx vertx, ConnectionLimits limits, ClientConnections clients) {
        this.vertx = vertx;
        this.headerNanos = limits.header().toNanos();
        this.bodyNanos = limits.body().toNanos();
        this.clients = clients;
    }

    void start() {
        sweeper = vertx.setPeriodic(SWEEP_MILLIS, id -> sweep());
    }

    void stop() {
        vertx.cancelTimer(sweeper);
    }

    /** The server's connection handler: over the per-client limit, closed at once; else watched until closed. */
    void connected(HttpConnection connection) {
        String address = connection.remoteAddress().hostAddress();
        if (!clients.tryOpen(address)) {
            LOG.debug("Connection from {} refused: it holds its share of connections", address);
            connection.close();
            return;
        }
        connections.put(connection, new State(address, System.nanoTime()));
        connection.closeHandler(closed -> forget(connection));
    }

    /**
     * Stops watching {@code connection} and gives its share back, once: when it closes, or as soon as this guard
     * closes it (Vert.x reports the close only once the client has closed its side too, which a hostile client
     * never does; the idle timeout ends such a half-closed socket).
     */
    private void forget(HttpConnection connection) {
        State state = connections.remove(connection);
        if (state != null) {
            clients.closed(state.address);
        }
    }

    /** A request's head arrived: the header timeout stops, the body timeout starts. */
    void requestArrived(HttpServerRequest request) {
        State state = connections.get(request.connection());
        if (state != null) {
            state.current = request;
            state.headAt = System.nanoTime();
        }
    }

    /** {@code request} was upgraded to {@code socket}: watched from now on only for its close. */
    void webSocketOpened(HttpServerRequest request, ServerWebSocket socket) {
        State state = connections.get(request.connection());
        if (state != null) {
            state.current = null;
            state.webSocket = socket;
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        List<HttpConnection> closing = new ArrayList<>();
        List<HttpConnection> forgotten = new ArrayList<>();
        for (Map.Entry<HttpConnection, State> entry : connections.entrySet()) {
            State state = entry.getValue();
            if (state.webSocket != null) {
                if (state.webSocket.isClosed()) {
                    forgotten.add(entry.getKey());
                }
                continue;
            }
            if (state.current != null && state.current.response().ended()) {
                state.current = null; // kept alive: waiting for the next head from now on
                state.waitingSince = now;
            }
            if (state.current == null && now - state.waitingSince > headerNanos) {
                LOG.debug("Connection from {} closed: no request head within the header timeout",
                        entry.getKey().remoteAddress());
                closing.add(entry.getKey());
            } else if (state.current != null && !state.current.isEnded() && now - state.headAt > bodyNanos) {
                bodyTimedOut(entry.getKey(), state.current, TimeUnit.NANOSECONDS.toSeconds(now - state.headAt));
                closing.add(entry.getKey());
            }
        }
        forgotten.forEach(this::forget);
        for (HttpConnection connection : closing) {
            forget(connection);
            connection.close();
        }
    }

    private static void bodyTimedOut(HttpConnection connection, HttpServerRequest request, long seconds) {
        LOG.debug("Connection from {} closed: request body still incomplete after {} s", connection.remoteAddress(),
                seconds);
        if (!request.response().headWritten()) {
            request.response().putHeader("connection", "close");
            Responses.error(request.response(), ApiError.meteor(408, "error-request-timeout",
                    "The request body did not arrive in time"));
        }
    }
}
