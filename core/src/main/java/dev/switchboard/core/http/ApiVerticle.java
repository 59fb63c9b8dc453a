package dev.switchboard.core.http;

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

    public ApiVerticle(ApiRouter routes, HttpServerOptions options, Duration shutdownTimeout,
                       AtomicInteger boundPort) {
        this.routes = routes;
        this.options = options;
        this.shutdownTimeout = shutdownTimeout;
        this.boundPort = boundPort;
    }

    /** The server's options before the address: its limits on a request's head, no WebSocket compression. */
    public static HttpServerOptions serverOptions() {
        // No WebSockets are served: without compression support Netty skips a handler on every response.
        return new HttpServerOptions()
                .setMaxInitialLineLength(TransportLimits.REQUEST_LINE_BYTES)
                .setMaxHeaderSize(TransportLimits.HEADER_BYTES)
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false);
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(options)
                .invalidRequestHandler(TransportErrors::invalidRequest)
                .exceptionHandler(TransportErrors::connectionFailed)
                .requestHandler(new RequestGate(routes.build(vertx)));
        return server.listen().onSuccess(listening -> boundPort.set(listening.actualPort()));
    }

    /** Stops accepting connections and lets in-flight requests finish, up to the shutdown timeout. */
    @Override
    public Future<?> stop() {
        return server.shutdown(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
