package dev.switchboard.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.config.ConnectionLimits;
import dev.switchboard.core.testing.DdpClient;
import dev.switchboard.core.testing.RawHttp;
import dev.switchboard.core.testing.TestHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connections with real sockets (issue 26, finding 3): slow headers, stalled bodies and idle connections are closed
 * on time, one address cannot hold more than its share of connections, and meanwhile /health and registration from
 * another address keep answering. Attackers use 127.0.0.1, well-behaved clients 127.0.0.2 and 127.0.0.3.
 */
class ConnectionLimitsIT {
    private static final int HEADER_SECONDS = 2;
    private static final int BODY_SECONDS = 2;
    private static final int PER_CLIENT = 40;
    private static TestHost host;

    @BeforeAll
    static void start() throws Exception {
        host = TestHost.start(builder -> builder.connectionLimits(new ConnectionLimits(Duration.ofSeconds(30),
                Duration.ofSeconds(HEADER_SECONDS), Duration.ofSeconds(BODY_SECONDS), PER_CLIENT, 64L << 20)));
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    private static RawHttp.Answer healthFrom(String address) {
        return RawHttp.exchangeFrom(address, host.port(), "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }

    private static RawHttp.Answer registerFrom(String address, String token) {
        String body = "{\"visitor\":{\"token\":\"" + token + "\"}}";
        return RawHttp.exchangeFrom(address, host.port(), "POST /api/v1/livechat/visitor HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                + body);
    }

    private static long secondsUntilClosed(RawHttp connection) {
        long started = System.nanoTime();
        assertTrue(connection.closedWithin(15_000), "the connection was not closed");
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    }

    @Test
    void aWebSocketOutlivesTheHeaderAndBodyTimeouts() throws Exception {
        try (DdpClient client = DdpClient.connected(host.port())) {
            Thread.sleep(TimeUnit.SECONDS.toMillis(Math.max(HEADER_SECONDS, BODY_SECONDS) + 2));
            assertFalse(client.isClosed(), "the websocket was closed");
            client.send("{\"msg\":\"ping\",\"id\":\"still-there\"}");
            assertEquals("still-there", client.next(message -> message.path("msg").asText().equals("pong"))
                    .path("id").asText());
        }
    }

    @Test
    void closedWebSocketsGiveTheirShareBack() throws Exception {
        for (int batch = 0; batch < 2; batch++) { // twice the per-client share in all, never more than it at once
            List<DdpClient> sockets = new ArrayList<>();
            for (int i = 0; i < PER_CLIENT * 3 / 4; i++) {
                sockets.add(DdpClient.connected(host.port()));
            }
            sockets.forEach(DdpClient::close);
            Thread.sleep(2_500); // the guard's sweep (once a second) sees the closes
        }
        try (DdpClient client = DdpClient.connected(host.port())) {
            assertFalse(client.isClosed());
        }
    }

    @Test
    void headersDribbledByteByByteAreCutOffByTheHeaderTimeout() throws Exception {
        try (RawHttp slow = new RawHttp(host.port())) {
            long started = System.nanoTime();
            slow.write("GET /health HTTP/1.1\r\n");
            boolean closed = false;
            for (int i = 0; i < 40 && !closed; i++) {
                try {
                    slow.write("X-" + i + ": y\r\n"); // activity every 250 ms keeps an idle timeout from firing
                } catch (RuntimeException reset) {
                    closed = true;
                    break;
                }
                closed = slow.closedWithin(250);
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            assertTrue(closed, "slowloris connection still open");
            assertTrue(seconds <= HEADER_SECONDS + 2, "closed after " + seconds + " s");
        }
    }

    @Test
    void aStalledBodyIsAnswered408AndClosed() {
        try (RawHttp stalled = new RawHttp(host.port())) {
            stalled.write("POST /api/v1/livechat/visitor HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"visitor\":");
            long started = System.nanoTime();
            RawHttp.Answer answer = stalled.read(15_000);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            assertEquals(408, answer.status(), answer.text());
            assertTrue(answer.body().contains("\"errorType\":\"error-request-timeout\""), answer.text());
            assertTrue(answer.closed());
            assertTrue(seconds >= BODY_SECONDS - 1 && seconds <= BODY_SECONDS + 2, "after " + seconds + " s");
        }
    }

    @Test
    void anIdleConnectionAndAnIdleKeptAliveOneAreClosed() {
        try (RawHttp idle = new RawHttp(host.port())) {
            long seconds = secondsUntilClosed(idle);
            assertTrue(seconds <= HEADER_SECONDS + 2, "closed after " + seconds + " s");
        }
        try (RawHttp keptAlive = new RawHttp(host.port())) {
            keptAlive.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            long seconds = secondsUntilClosed(keptAlive);
            assertTrue(seconds <= HEADER_SECONDS + 2, "closed after " + seconds + " s");
        }
    }

    @Test
    void oneAddressHoldsAtMostItsShareOfConnections() throws Exception {
        List<RawHttp> held = new ArrayList<>();
        try {
            for (int i = 0; i < PER_CLIENT + 5; i++) {
                held.add(new RawHttp(host.port(), "127.0.0.4"));
            }
            Thread.sleep(300); // refused ones are closed at once; admitted ones stay open for the header timeout
            int refused = 0;
            for (RawHttp connection : held) {
                if (connection.closedWithin(20)) {
                    refused++;
                }
            }
            assertEquals(5, refused, "the connections over the share are closed at once");
            assertEquals(200, healthFrom("127.0.0.5").status(), "another address is not affected");
        } finally {
            held.forEach(RawHttp::close);
        }
        // Closed connections give their share back.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int status = -1;
        while (status != 200 && System.nanoTime() < deadline) {
            status = healthFrom("127.0.0.4").status();
        }
        assertEquals(200, status);
    }

    @Test
    void healthAndRegistrationKeepAnsweringDuringTheAttacks() throws Exception {
        ExecutorService attackers = Executors.newFixedThreadPool(PER_CLIENT);
        List<RawHttp> open = new ArrayList<>();
        try {
            for (int i = 0; i < PER_CLIENT - 2; i++) {
                RawHttp connection = new RawHttp(host.port());
                open.add(connection);
                boolean slowHeaders = i % 2 == 0;
                attackers.submit(() -> {
                    connection.write(slowHeaders ? "GET /health HTTP/1.1\r\n"
                            : "POST /api/v1/livechat/visitor HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n{");
                    for (int b = 0; b < 20; b++) {
                        connection.write(slowHeaders ? "X-" + b + ": y\r\n" : " ");
                        Thread.sleep(200);
                    }
                    return null;
                });
            }
            List<Future<Integer>> checks = new ArrayList<>();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            for (int i = 0; i < 20; i++) {
                int n = i;
                checks.add(clients.submit(() -> n % 2 == 0 ? healthFrom("127.0.0.2").status()
                        : registerFrom("127.0.0.3", "during-attack-" + n).status()));
            }
            clients.shutdown();
            for (Future<Integer> check : checks) {
                assertEquals(200, check.get(30, TimeUnit.SECONDS));
            }
        } finally {
            attackers.shutdownNow();
            open.forEach(RawHttp::close);
        }
        assertFalse(healthFrom("127.0.0.2").text().isEmpty());
    }
}
