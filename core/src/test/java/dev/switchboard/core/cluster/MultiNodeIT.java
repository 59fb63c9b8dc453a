package dev.switchboard.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.plugin.PluginFixtures;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.ApiClient.Response;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.PostgresTestSupport;
import dev.switchboard.core.testing.PostgresTestSupport.PgDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two host processes (the real jar) on one PostgreSQL database: caches stay coherent across nodes, uniqueness holds
 * under concurrent writes to both, and a database restart costs 503s for its duration, then nothing. The nodes run
 * Rocket.Chat's matching ({@code --visitor-matching rocketchat}), whose token changes caches must follow.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeIT {
    private static final String VISITOR = "/api/v1/livechat/visitor";
    /** The bound for a write on one node to be seen on the other. */
    private static final long PROPAGATION_MILLIS = 1_000;
    private static final String ADMIN_TOKEN = "multi-node-admin-token-0123456789abcdef";
    private static final Map<String, String> ADMIN = Map.of("X-User-Id", "admin", "X-Auth-Token", ADMIN_TOKEN);
    private static final String APP = "/api/apps/test-attacher";

    private static PgDatabase pg;
    private static Node a;
    private static Node b;
    /** Every registration answered 200, by token, with the visitor id it was given: none may be lost. */
    private static final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private static final List<Long> propagation = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startTwoNodes() throws Exception {
        pg = PostgresTestSupport.createDatabase();
        a = Node.start("a", pg.url());
        b = Node.start("b", pg.url());
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (pg != null) {
            pg.close();
        }
        if (!propagation.isEmpty()) {
            List<Long> sorted = new ArrayList<>(propagation);
            Collections.sort(sorted);
            System.out.printf("cross-node propagation (ms): n=%d median=%d max=%d%n", sorted.size(),
                    sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
        }
    }

    @Test
    @Order(1)
    void anUpdateOnAIsSeenOnBWithinASecond() throws Exception {
        register(a, Map.of("token", "upd-1", "name", "Ann"));
        assertEquals("Ann", visitor(b, "upd-1").get("name").asText()); // B caches it now
        register(a, Map.of("token", "upd-1", "name", "Annie"));
        awaitOn(b, "upd-1", response -> response.status() == 200
                && "Annie".equals(response.json().get("visitor").get("name").asText()));
    }

    @Test
    @Order(2)
    void aTokenReplacedByAnEmailMatchOnAIsGoneOnB() throws Exception {
        String id = register(a, Map.of("token", "mail-old", "email", "mail@example.com"));
        visitor(b, "mail-old");
        // B remembers that the new token is unknown (its negative cache) and caches the old one.
        assertTrue(b.client.get(VISITOR + "/mail-new").status() != 200);
        String sameId = register(a, Map.of("token", "mail-new", "email", "mail@example.com"));
        assertEquals(id, sameId);
        awaitOn(b, "mail-old", response -> response.status() != 200);
        awaitOn(b, "mail-new", response -> response.status() == 200);
        acknowledged.remove("mail-old");
    }

    @Test
    @Order(3)
    void anErasureOnAIsSeenOnB() throws Exception {
        register(a, Map.of("token", "erase-1", "name", "Eve"));
        visitor(b, "erase-1");
        assertEquals(200, a.client.delete(VISITOR + "/erase-1").status());
        acknowledged.remove("erase-1");
        awaitOn(b, "erase-1", response -> response.status() != 200);
    }

    @Test
    @Order(3)
    void aSettingChangedOnAChangesTheWidgetOnBWithinASecond() throws Exception {
        assertEquals("Rocket.Chat", b.client.get("/api/v1/livechat/config").json()
                .get("config").get("theme").get("title").asText());
        Response changed = a.client.withHeaders(ADMIN).post("/api/v1/settings/Livechat_title",
                Json.of(Map.of("value", "Two nodes")));
        assertEquals(200, changed.status(), changed.toString());
        awaitTrue(() -> "Two nodes".equals(b.client.get("/api/v1/livechat/config").json()
                .get("config").get("theme").get("title").asText()), PROPAGATION_MILLIS, "B shows the new title");
    }

    @Test
    @Order(4)
    void concurrentRegistrationsSplitAcrossNodesMakeOneVisitorPerTokenAndPhone() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<JsonNode>> results = new ArrayList<>();
            for (int t = 0; t < 25; t++) {
                for (int r = 0; r < 4; r++) {
                    Node node = r % 2 == 0 ? a : b;
                    String token = "race-" + t;
                    String phoneToken = "ph-" + t + "-" + r;
                    String phone = "+1 555 7" + t;
                    results.add(pool.submit(() -> registerJson(node, Map.of("token", token))));
                    results.add(pool.submit(() -> registerJson(node, Map.of("token", phoneToken, "phone", phone))));
                }
            }
            Map<String, Set<String>> idsByToken = new ConcurrentHashMap<>();
            Map<String, Set<String>> idsByPhone = new ConcurrentHashMap<>();
            Set<String> guestNames = new HashSet<>();
            Set<String> ids = new HashSet<>();
            for (Future<JsonNode> result : results) {
                JsonNode visitor = result.get(60, TimeUnit.SECONDS);
                String id = visitor.get("_id").asText();
                idsByToken.computeIfAbsent(visitor.get("token").asText(), k -> new HashSet<>()).add(id);
                JsonNode phone = visitor.get("phone");
                if (phone != null && phone.isArray() && phone.size() > 0) {
                    idsByPhone.computeIfAbsent(phone.get(0).get("phoneNumber").asText().replaceAll("\\D", ""),
                            k -> new HashSet<>()).add(id);
                }
                if (ids.add(id)) {
                    assertTrue(guestNames.add(visitor.get("username").asText()), "duplicate guest name");
                }
            }
            idsByToken.forEach((token, found) -> assertEquals(1, found.size(), token + " -> " + found));
            assertEquals(25, idsByPhone.size());
            idsByPhone.forEach((phone, found) -> assertEquals(1, found.size(), phone + " -> " + found));
            assertEquals(50, ids.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(5)
    void appSettingsAndStatusChangedOnATakeEffectOnB() throws Exception {
        ApiClient adminA = a.client().withHeaders(ADMIN);
        ApiClient adminB = b.client().withHeaders(ADMIN);
        String secretEndpoint = "/api/apps/public/test-attacher/settings/apiKey";
        assertEquals("invalid_settings_disabled", adminB.get(APP).json().at("/app/status").asText());
        assertEquals(404, b.client().get(secretEndpoint).status());

        assertEquals(200, adminA.post(APP + "/settings", "{\"settings\":{\"apiKey\":\"from-node-a\"}}").status());
        awaitTrue(() -> "auto_enabled".equals(adminB.get(APP).json().at("/app/status").asText())
                && "from-node-a".equals(b.client().get(secretEndpoint).json().get("value").asText()),
                PROPAGATION_MILLIS * 3, "node B enabled the app with node A's setting");

        assertEquals(200, adminA.post(APP + "/status", "{\"status\":\"manually_disabled\"}").status());
        awaitTrue(() -> "manually_disabled".equals(adminB.get(APP).json().at("/app/status").asText())
                && b.client().get(secretEndpoint).status() == 404,
                PROPAGATION_MILLIS * 3, "node B disabled the app");

        assertEquals(200, adminA.post(APP + "/status", "{\"status\":\"manually_enabled\"}").status());
        awaitTrue(() -> "manually_enabled".equals(adminB.get(APP).json().at("/app/status").asText())
                && b.client().get(secretEndpoint).status() == 200,
                PROPAGATION_MILLIS * 3, "node B enabled the app again");
    }

    @Test
    @Order(6)
    void aDatabaseRestartCostsOnly503sAndBothNodesRecover() throws Exception {
        register(a, Map.of("token", "restart-1", "name", "Before"));
        visitor(b, "restart-1");

        // Writers keep going on both nodes across the outage; every 200 they get must survive.
        AtomicBoolean running = new AtomicBoolean(true);
        List<Long> slowest = Collections.synchronizedList(new ArrayList<>());
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> load = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            Node node = w % 2 == 0 ? a : b;
            int writer = w;
            load.add(writers.submit(() -> {
                for (int i = 0; running.get(); i++) {
                    String token = "load-" + writer + "-" + i;
                    long started = System.nanoTime();
                    Response response = node.client.post(VISITOR, Json.of(Map.of("visitor", Map.of("token", token))));
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    statuses.add(response.status());
                    if (response.status() == 200) {
                        acknowledged.put(token, response.json().get("visitor").get("_id").asText());
                    } else {
                        assertEquals(503, response.status(), response.toString());
                        assertEquals("error-service-unavailable", response.json().get("errorType").asText());
                        slowest.add(millis);
                        sleep(50);
                    }
                }
                return null;
            }));
        }
        Thread.sleep(500);
        PostgresTestSupport.stopServer();
        long stopped = System.nanoTime();
        try {
            Thread.sleep(1_000);
            for (Node node : List.of(a, b)) {
                long started = System.nanoTime();
                Response read = node.client.get(VISITOR + "/never-cached-" + node.name);
                long readMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertEquals(503, read.status(), read.toString());
                assertTrue(readMillis < 5_000, "read took " + readMillis + " ms");
                started = System.nanoTime();
                Response health = node.client.get("/health");
                long healthMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertEquals(503, health.status(), health.toString());
                assertTrue(healthMillis < 5_000, "health took " + healthMillis + " ms");
                System.out.printf("outage on %s: read 503 in %d ms, /health 503 in %d ms%n", node.name,
                        readMillis, healthMillis);
            }
            Thread.sleep(3_000);
        } finally {
            PostgresTestSupport.startServer();
        }
        long outage = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
        long recovered = System.nanoTime();
        for (Node node : List.of(a, b)) {
            awaitTrue(() -> node.client.get("/health").status() == 200, 20_000, node.name + " health");
        }
        System.out.printf("database down for %d ms; both nodes healthy %d ms after it returned%n", outage,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - recovered));
        Thread.sleep(1_000);
        running.set(false);
        writers.shutdown();
        assertTrue(writers.awaitTermination(60, TimeUnit.SECONDS));
        for (Future<?> writer : load) {
            writer.get(); // rethrows a writer's failed assertion
        }
        assertTrue(statuses.contains(503), "the outage produced no 503: " + statuses);
        long maxFailure = slowest.stream().mapToLong(Long::longValue).max().orElse(0);
        System.out.printf("failed writes during the outage: %d, slowest 503 %d ms%n", slowest.size(), maxFailure);
        // A write that meets the dead connection retries once on a fresh one, which waits up to the pool's 3 s
        // connection timeout: bounded, never a hang (5 s was exceeded by a few ms on a loaded machine).
        assertTrue(maxFailure < 8_000, "a write took " + maxFailure + " ms to fail");

        // Caches are right again: the listeners reconnected, so a change on A reaches B's cache.
        register(a, Map.of("token", "restart-1", "name", "After"));
        awaitOn(b, "restart-1", response -> response.status() == 200
                && "After".equals(response.json().get("visitor").get("name").asText()));

        // Nothing answered 200 was lost, and both nodes serve all of it.
        assertTrue(acknowledged.size() > 50, "too little load: " + acknowledged.size());
        for (Map.Entry<String, String> entry : acknowledged.entrySet()) {
            for (Node node : List.of(a, b)) {
                Response response = node.client.get(VISITOR + "/" + entry.getKey());
                assertEquals(200, response.status(), entry.getKey() + " on " + node.name + ": " + response);
                assertEquals(entry.getValue(), response.json().get("visitor").get("_id").asText());
            }
        }
    }

    @Test
    @Order(7)
    void afterARestartNoRequestFailsOnceHealthIsBackAndTheLogHasNoStackTrace() throws Exception {
        // Every writer keeps a connection from before the restart; the readers' pool holds more.
        for (int i = 0; i < 12; i++) {
            for (Node node : List.of(a, b)) {
                register(node, Map.of("token", "warm-" + node.name + "-" + i));
                visitor(node, "warm-" + node.name + "-" + i);
            }
        }
        long linesA = Files.readAllLines(a.log).size();
        long linesB = Files.readAllLines(b.log).size();
        PostgresTestSupport.restartServer();
        for (Node node : List.of(a, b)) {
            awaitTrue(() -> node.client.get("/health").status() == 200, 20_000, node.name + " health");
        }
        // From here on nothing may fail: a writer whose kept connection died runs its batch again on a new one,
        // a read on a dead pooled connection runs again on another.
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> load = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            Node node = w % 2 == 0 ? a : b;
            int writer = w;
            load.add(clients.submit(() -> {
                for (int i = 0; i < 15; i++) {
                    String token = "after-restart-" + writer + "-" + i;
                    register(node, Map.of("token", token, "name", "N" + i));
                    visitor(node == a ? b : a, token);
                }
                return null;
            }));
        }
        clients.shutdown();
        assertTrue(clients.awaitTermination(120, TimeUnit.SECONDS));
        for (Future<?> writer : load) {
            writer.get(); // rethrows a failed request's assertion
        }
        for (Node node : List.of(a, b)) {
            List<String> lines = Files.readAllLines(node.log);
            List<String> after = lines.subList((int) (node == a ? linesA : linesB), lines.size());
            assertTrue(after.stream().noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by")),
                    "stack traces in " + node.log + ":\n" + String.join("\n", after));
            System.out.printf("restart on %s: %d log lines%n", node.name, after.size());
        }
    }

    // ---- helpers ----

    private static String register(Node node, Map<String, String> visitor) {
        JsonNode json = registerJson(node, visitor);
        String id = json.get("_id").asText();
        acknowledged.put(visitor.get("token"), id);
        return id;
    }

    private static JsonNode registerJson(Node node, Map<String, String> visitor) {
        Response response = node.client.post(VISITOR, Json.of(Map.of("visitor", visitor)));
        assertEquals(200, response.status(), response.toString());
        return response.json().get("visitor");
    }

    private static JsonNode visitor(Node node, String token) {
        Response response = node.client.get(VISITOR + "/" + token);
        assertEquals(200, response.status(), response.toString());
        return response.json().get("visitor");
    }

    /** Polls {@code node} until {@code condition} holds; fails after {@link #PROPAGATION_MILLIS}. */
    private static void awaitOn(Node node, String token, Predicate<Response> condition) throws InterruptedException {
        long started = System.nanoTime();
        while (true) {
            Response response = node.client.get(VISITOR + "/" + token);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (condition.test(response)) {
                propagation.add(millis);
                return;
            }
            assertTrue(millis < PROPAGATION_MILLIS, "node " + node.name + " still answers " + response
                    + " for " + token + " after " + millis + " ms");
            Thread.sleep(5);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, long millis, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + " not true after " + millis + " ms");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The key for secrets at rest both nodes share, as a deployment's nodes must. */
    private static final String SECRET_KEY = java.util.Base64.getEncoder().encodeToString(
            new java.security.SecureRandom().generateSeed(32));

    /** A host process running the real jar. */
    private record Node(String name, Process process, ApiClient client, Path log) implements AutoCloseable {
        static Node start(String name, String dbUrl) throws Exception {
            String jar = System.getProperty("switchboard.jar");
            assertTrue(jar != null && Files.exists(Path.of(jar)), "switchboard.jar not built: " + jar);
            Path dir = Files.createTempDirectory("switchboard-node-" + name);
            Path plugins = PluginFixtures.pluginsDir("attacher");
            Path log = Path.of("target", "multinode-" + name + ".log").toAbsolutePath();
            Files.createDirectories(log.getParent());
            int port = freePort();
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-jar", jar, "--port", String.valueOf(port), "--host", "127.0.0.1",
                    "--data-dir", dir.resolve("data").toString(), "--plugins-dir", plugins.toString(),
                    "--rate-limit=off", "--visitor-matching", "rocketchat", "--db-url", dbUrl, "--shutdown-timeout", "2", "--admin-token", ADMIN_TOKEN)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("SWITCHBOARD_SECRET_KEY", SECRET_KEY); // every node needs the same key
            Process process = builder.start();
            Node node = new Node(name, process, new ApiClient("http://127.0.0.1:" + port), log);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("node " + name + " exited; see " + log);
                }
                try {
                    if (node.client.get("/health").status() == 200) {
                        return node;
                    }
                } catch (RuntimeException e) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            node.close();
            throw new AssertionError("node " + name + " did not become healthy; see " + log);
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }
}
