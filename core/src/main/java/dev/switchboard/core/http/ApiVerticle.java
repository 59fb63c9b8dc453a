package dev.switchboard.core.http;

import dev.switchboard.core.config.ConnectionLimits;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** One HTTP server per event loop; all instances share the listening port. */
public final class ApiVerticle extends VerticleBase {
    private final ApiRouter routes;
    private final HttpServerOptions options;
    private final Duration shutdownTimeout;
    private final AtomicInteger boundPort;
    private HttpServer server;
    private ConnectionGuard guard;

    public ApiVerticle(ApiRouter routes, HttpServerOptions options, Duration shutdownTimeout,
                       AtomicInteger boundPort) {
        this.routes = routes;
        this.options = options;
        this.shutdownTimeout = shutdownTimeout;
        this.boundPort = boundPort;
    }

    /**
     * The server's options before the address: HTTP/1.x only, the idle timeout (on reads), the limits on a
     * request's head, no WebSocket compression.
     */
    public static HttpServerOptions serverOptions(ConnectionLimits limits) {
        // The idle timeout watches what arrives only: one that also watched writes would hang a listener on every
        // write's promise, 5-9% of a cached GET's rate (docs/performance.md). What leaves is bounded elsewhere: a
        // client that reads nothing sends nothing either, and a WebSocket client answers the DDP heartbeat.
        // WebSocket frames go uncompressed: without compression support Netty skips a handler on every response.
        // No h2c either: to detect its preface Vert.x holds a new connection back until its first bytes arrive,
        // and the connection guard would not see (nor time out, nor count) a connection that sends nothing.
        return new HttpServerOptions()
                .setHttp2ClearTextEnabled(false)
                .setReadIdleTimeout((int) limits.idle().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxInitialLineLength(TransportLimits.REQUEST_LINE_BYTES)
                .setMaxHeaderSize(TransportLimits.HEADER_BYTES)
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false);
    }

    @Override
    public Future<?> start() {
        guard = routes.guard(vertx);
        guard.start();
        server = vertx.createHttpServer(options)
                .connectionHandler(guard::connected)
                .invalidRequestHandler(TransportErrors::invalidRequest)
                .exceptionHandler(TransportErrors::connectionFailed)
                .requestHandler(new RequestGate(guard, routes.build(vertx, guard)));
        return server.listen().onSuccess(listening -> boundPort.set(listening.actualPort()));
    }

    /** Stops accepting connections and lets in-flight requests finish, up to the shutdown timeout. */
    @Override
    public Future<?> stop() {
        guard.stop();
        return server.shutdown(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
