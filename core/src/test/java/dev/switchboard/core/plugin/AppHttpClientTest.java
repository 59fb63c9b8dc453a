package dev.switchboard.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.spi.HttpCall;
import dev.switchboard.spi.HttpCallException;
import dev.switchboard.spi.HttpResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An app's HTTP calls against a loopback server that holds every request until released. */
class AppHttpClientTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private HostHttp http;
    private AppHttpClient client;
    private HttpCall held;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        held = HttpCall.get(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
                .withTimeout(Duration.ofSeconds(20));
        http = new HostHttp(1, 1000);
        client = new AppHttpClient("app", getClass().getClassLoader(), http);
    }

    @AfterEach
    void stop() {
        release.countDown();
        client.close();
        http.close();
        server.stop(0);
    }

    private static HttpCallException.Reason reason(CompletableFuture<HttpResult> call) {
        CompletionException failed = assertThrows(CompletionException.class, call::join);
        return ((HttpCallException) failed.getCause()).reason();
    }

    @Test
    void callsOfADisabledAppFailAndThoseWaitingFailWhenItIsDisabled() {
        assertEquals(HttpCallException.Reason.APP_DISABLED, reason(client.send(held).toCompletableFuture()));
        client.open();
        CompletableFuture<HttpResult> inFlight = client.send(held).toCompletableFuture();
        CompletableFuture<HttpResult> waiting = client.send(held).toCompletableFuture();
        client.disable();
        assertEquals(HttpCallException.Reason.APP_DISABLED, reason(waiting));
        release.countDown();
        assertEquals(204, inFlight.join().status(), "a call in flight still ends normally");
    }

    @Test
    void beyondTheWaitingBoundCallsFailAtOnce() {
        client.open();
        List<CompletableFuture<HttpResult>> calls = new ArrayList<>();
        for (int i = 0; i < 1 + HostHttp.MAX_WAITING; i++) {
            calls.add(client.send(held).toCompletableFuture());
        }
        assertEquals(HttpCallException.Reason.TOO_MANY_CALLS, reason(client.send(held).toCompletableFuture()));
        release.countDown();
        calls.forEach(call -> assertEquals(204, call.join().status()));
    }
}
