package dev.switchboard.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.TestHost;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The host's HTTP capability ({@code AppHttp}) as the channel fixture uses it, against a server on the loopback
 * interface: the per-app limit on calls in flight ({@code --app-concurrency 2}), timeouts, the response cap
 * ({@code --app-response-max-bytes 1000}), connection failures, and blocking SPI calls refused in a call's stage.
 */
class AppHttpIT {
    private static final String APP = "test-channel";
    private static final AtomicInteger inFlight = new AtomicInteger();
    private static final AtomicInteger mostInFlight = new AtomicInteger();
    private static TestHost host;
    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/slow", exchange -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            answer(exchange, 200, "slow");
        });
        server.createContext("/hang", exchange -> answerAfter(exchange, 5_000, 200, "late"));
        server.createContext("/big", exchange -> answer(exchange, 200, "x".repeat(5_000)));
        server.createContext("/teapot", exchange -> answer(exchange, 418, "short and stout"));
        // Answers after the plugin has attached its stage: a call already complete would run the stage on the
        // plugin's own thread, where blocking calls are allowed.
        server.createContext("/slow-teapot", exchange -> answerAfter(exchange, 300, 418, "short and stout, later"));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        host = TestHost.start(b -> b.pluginsDir(PluginFixtures.pluginsDir("channel"))
                .adminToken(PluginFixtures.ADMIN_TOKEN).appConcurrency(2).appResponseMaxBytes(1000));
        PluginFixtures.awaitStatus(host, APP, "auto_enabled");
    }

    @AfterAll
    static void stop() {
        host.close();
        server.stop(0);
    }

    private static void answerAfter(HttpExchange exchange, long millis, int status, String body) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        answer(exchange, status, body);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static JsonNode outcomes(Map<String, Object> body) {
        ApiClient.Response response = PluginFixtures.call(host, APP, "POST", "http", body);
        assertEquals(200, response.status(), response::toString);
        return response.json().get("outcomes");
    }

    @Test
    void callsBeyondTheAppsLimitWaitForASlotAndAllComplete() {
        mostInFlight.set(0);
        JsonNode outcomes = outcomes(Map.of("url", base + "/slow", "count", 6));
        assertEquals(6, outcomes.size());
        outcomes.forEach(outcome -> assertEquals(200, outcome.get("status").asInt(), outcome::toString));
        assertEquals(2, mostInFlight.get(), "at most --app-concurrency calls in flight");
    }

    @Test
    void anHttpErrorStatusIsAnAnswerNotAFailure() {
        JsonNode outcome = outcomes(Map.of("url", base + "/teapot")).get(0);
        assertEquals(418, outcome.get("status").asInt());
        assertEquals("short and stout", outcome.get("body").asText());
    }

    @Test
    void aCallPastItsTimeoutFailsWithTimeout() {
        long started = System.nanoTime();
        JsonNode outcome = outcomes(Map.of("url", base + "/hang", "timeoutMs", 300)).get(0);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals("TIMEOUT", outcome.get("error").asText(), outcome::toString);
        assertTrue(millis < 4_000, "answered after " + millis + " ms");
    }

    @Test
    void aResponseOverTheCapFailsAndAConnectionFailureIsNamed() throws IOException {
        assertEquals("RESPONSE_TOO_LARGE", outcomes(Map.of("url", base + "/big")).get(0).get("error").asText());
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        assertEquals("CONNECTION", outcomes(Map.of("url", "http://127.0.0.1:" + closed + "/"))
                .get(0).get("error").asText());
    }

    @Test
    void blockingSpiCallsAreRefusedInACallsStage() {
        ApiClient.Response response = PluginFixtures.call(host, APP, "POST", "http/blocking",
                Map.of("url", base + "/slow-teapot"));
        assertEquals(200, response.status(), response::toString);
        assertEquals("refused", response.json().get("blocking").asText());
    }
}
