package dev.switchboard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.plugin.PluginExitGuard;
import dev.switchboard.core.plugin.PluginFixtures;
import dev.switchboard.core.testing.ApiClient.Response;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.WebhookReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run contract, tested on the real jar as a child process: flags, health, SIGTERM, kill -9. */
class JarProcessIT {
    private static final String REGISTER = "/api/v1/livechat/visitor";
    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void killLeftovers() throws Exception {
        for (Process process : started) {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static String jar() {
        String jar = System.getProperty("switchboard.jar");
        assertTrue(jar != null && Files.exists(Path.of(jar)), "switchboard.jar not built: " + jar);
        return jar;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Process launch(String... args) throws IOException {
        return launch(List.of(), args);
    }

    private Process launch(List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout-" + started.size() + ".log").toFile())
                .redirectError(dir.resolve("stderr-" + started.size() + ".log").toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("SWITCHBOARD_"));
        Process process = builder.start();
        started.add(process);
        return process;
    }

    /** Starts the host on {@code dataDir} and waits until /health answers 200. */
    private Host host(Path dataDir, String... extra) throws Exception {
        return host(List.of(), dataDir, dir.resolve("no-plugins"), extra);
    }

    private Host host(List<String> jvmOptions, Path dataDir, Path pluginsDir, String... extra) throws Exception {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port), "--host", "127.0.0.1",
                "--data-dir", dataDir.toString(), "--plugins-dir", pluginsDir.toString(), "--rate-limit", "off"));
        args.addAll(List.of(extra));
        Process process = launch(jvmOptions, args.toArray(String[]::new));
        ApiClient api = new ApiClient("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), () -> "host exited: " + log(started.size() - 1));
            try {
                if (api.get("/health").status() == 200) {
                    return new Host(process, api, port);
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("host did not become healthy: " + log(started.size() - 1));
    }

    @Test
    void stalledNearLimitBodiesBeforeAuthenticationCannotExhaustASmallHeap() throws Exception {
        Host host = host(List.of("-Xmx256m"), dir.resolve("data-bodies"), dir.resolve("no-plugins"));
        int bodies = 60;
        int declared = 4_000_000;
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        List<Socket> sockets = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(bodies);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < bodies; i++) {
                Socket socket = new Socket("127.0.0.1", host.port());
                sockets.add(socket);
                sent.add(senders.submit(() -> {
                    try {
                        OutputStream out = socket.getOutputStream();
                        // An app endpoint's webhook: buffered whole before any app can check a signature.
                        out.write(("POST /api/apps/public/any-app/webhook HTTP/1.1\r\nHost: x\r\n"
                                + "Content-Length: " + declared + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        for (int written = 0; written < declared - 100_000; written += chunk.length) {
                            out.write(chunk);
                        }
                        out.flush(); // then stall, 100 kB short
                    } catch (IOException refused) {
                        // answered 503 (over the body budget) and closed: what the budget is for
                    }
                    return null;
                }));
            }
            for (Future<?> future : sent) {
                future.get(120, TimeUnit.SECONDS);
            }
            Thread.sleep(3_000); // much of what was sent still sits in socket buffers: let the host read it all
            assertEquals(200, host.api().get("/health").status());
            assertEquals(200, register(host.api(), "alive-during-stalled-bodies").status());
        } finally {
            senders.shutdownNow();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertEquals(200, register(host.api(), "alive-after-stalled-bodies").status());
        assertTrue(host.process().isAlive());
        String log = log(started.size() - 1);
        assertFalse(log.contains("OutOfMemoryError"), log);
    }

    private String log(int index) {
        try {
            return Files.readString(dir.resolve("stderr-" + index + ".log"))
                    + Files.readString(dir.resolve("stdout-" + index + ".log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private record Host(Process process, ApiClient api, int port) { }

    private static Response register(ApiClient api, String token) {
        return api.post(REGISTER, Json.of(Map.of("visitor", Map.of("token", token, "name", "N " + token))));
    }

    @Test
    void classDataArchiveFromTheBuildServesTheJarsClasses() throws Exception {
        Path archive = Path.of(jar()).resolveSibling("switchboard.jsa");
        // -Xshare:on: the JVM refuses to start rather than silently ignoring an archive that does not fit the jar.
        Process process = launch(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info"),
                "--version");
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), () -> log(0));
        String loaded = Files.readString(dir.resolve("stdout-0.log"));
        assertTrue(loaded.contains("dev.switchboard.core.config.HostCommandLine source: shared objects file (top)"),
                () -> "the command line was not loaded from the archive: " + loaded.lines()
                        .filter(line -> line.contains("HostCommandLine")).findFirst().orElse("(never loaded)"));
    }

    @Test
    void unknownFlagExitsNonZeroWithOneLine() throws Exception {
        Process process = launch("--no-such-flag");
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertNotEquals(0, process.exitValue());
        String stderr = Files.readString(dir.resolve("stderr-0.log")).strip();
        assertEquals(1, stderr.lines().count(), stderr);
        assertTrue(stderr.contains("--no-such-flag"), stderr);
        assertFalse(stderr.contains("Exception"), stderr);
        assertFalse(stderr.contains("\tat "), stderr);
    }

    @Test
    void badValueExitsNonZeroWithOneLine() throws Exception {
        Process process = launch("--port", "http");
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertNotEquals(0, process.exitValue());
        String stderr = Files.readString(dir.resolve("stderr-0.log")).strip();
        assertEquals(1, stderr.lines().count(), stderr);
        assertFalse(stderr.contains("Exception"), stderr);
    }

    @Test
    void helpExitsZeroAndListsEveryFlag() throws Exception {
        Process process = launch("--help");
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        String help = Files.readString(dir.resolve("stdout-0.log"));
        for (String flag : List.of("--port", "--host", "--data-dir", "--plugins-dir", "--config", "--rate-limit",
                "--db-url", "--admin-token", "--shutdown-timeout", "--help", "--version")) {
            assertTrue(help.contains(flag), () -> flag + " missing:\n" + help);
        }
    }

    @Test
    void aPortInUseIsOneLineAndExitTwo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Process process = launch("--port", String.valueOf(taken.getLocalPort()), "--host", "127.0.0.1",
                    "--data-dir", dir.resolve("data").toString(), "--plugins-dir", dir.resolve("none").toString());
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(2, process.exitValue(), () -> log(0));
            String stderr = Files.readString(dir.resolve("stderr-0.log")).strip();
            assertEquals(1, stderr.lines().count(), stderr);
            assertTrue(stderr.contains("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use"), stderr);
            assertFalse(Files.readString(dir.resolve("stdout-0.log")).contains("\tat "), () -> log(0));
        }
    }

    @Test
    void jsonLogsCarryTheStartUpLineTheAdminWarningAndRequestIds() throws Exception {
        Host host = host(dir.resolve("data"), "--log-format", "json", "--access-log", "on");
        Response info = host.api().withHeaders(Map.of("X-Request-Id", "jar-test-1")).get("/api/info");
        assertEquals(200, info.status());
        host.process().destroy();
        assertTrue(host.process().waitFor(60, TimeUnit.SECONDS));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readString(dir.resolve("stdout-0.log")).strip().split("\n")) {
            lines.add(new ObjectMapper().readTree(line)); // every line is one JSON object
        }
        assertTrue(lines.stream().anyMatch(line -> line.get("message").asText().matches(
                "Switchboard \\S+ listening on 127\\.0\\.0\\.1:\\d+, store sqlite .*switchboard\\.db "
                        + "\\(--sqlite-sync apps\\), plugins \\[\\], ready in \\d+ ms")), () -> log(0));
        assertTrue(lines.stream().anyMatch(line -> line.get("level").asText().equals("WARN")
                && line.get("message").asText().startsWith("The admin API is unusable")), () -> log(0));
        assertTrue(lines.stream().anyMatch(line -> line.get("logger_name").asText().equals("switchboard.access")
                && "jar-test-1".equals(line.path("request_id").asText())
                && line.get("message").asText().startsWith("GET /api/info 200")), () -> log(0));
    }

    @Test
    void healthInfoAndSigtermExitZeroWithDataKept() throws Exception {
        Path data = dir.resolve("data");
        Host host = host(data);
        JsonNode health = host.api().get("/health").json();
        assertEquals("UP", health.get("status").asText());
        assertTrue(host.api().get("/api/info").json().get("success").asBoolean());
        String token = "sigterm-" + UUID.randomUUID();
        assertEquals(200, register(host.api(), token).status());

        host.process().destroy(); // SIGTERM
        assertTrue(host.process().waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, host.process().exitValue(), () -> log(0));
        assertTrue(log(0).contains("Switchboard stopped"), () -> log(0));
        assertFalse(Files.exists(data.resolve("switchboard.db-wal")) && sizeOf(data.resolve("switchboard.db-wal")) > 0,
                "a clean close checkpoints the WAL");

        Host again = host(data);
        Response found = again.api().get(REGISTER + "/" + token);
        assertEquals(200, found.status(), found::toString);
        assertEquals("N " + token, found.json().at("/visitor/name").asText());
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void everyAcknowledgedRegistrationSurvivesKillDashNine() throws Exception {
        Path data = dir.resolve("data");
        Host host = host(data);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        int clients = 16;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            pool.submit(() -> {
                ApiClient api = new ApiClient(host.api().base());
                while (!stop.get()) {
                    String token = "kill-" + UUID.randomUUID();
                    try {
                        if (register(api, token).status() == 200) {
                            acknowledged.add(token);
                        }
                    } catch (RuntimeException connectionLost) {
                        // in flight when the host died: not acknowledged, so not promised
                    }
                }
            });
        }
        while (acknowledged.size() < 300) {
            Thread.sleep(20);
        }
        host.process().destroyForcibly(); // SIGKILL, with requests in flight
        assertTrue(host.process().waitFor(30, TimeUnit.SECONDS));
        stop.set(true);
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        assertEquals(137, host.process().exitValue(), "killed by SIGKILL");

        Set<String> snapshot = Set.copyOf(acknowledged);
        Host again = host(data);
        List<String> lost = new ArrayList<>();
        for (String token : snapshot) {
            if (again.api().get(REGISTER + "/" + token).status() != 200) {
                lost.add(token);
            }
        }
        assertTrue(lost.isEmpty(), lost.size() + " of " + snapshot.size() + " acknowledged registrations lost");
    }

    @Test
    void everyAcknowledgedMessageSurvivesKillDashNine() throws Exception {
        Path data = dir.resolve("data");
        Host host = host(data);
        String token = "chat-" + UUID.randomUUID();
        assertEquals(200, register(host.api(), token).status());
        String rid = host.api().get("/api/v1/livechat/room?token=" + token).json().get("room").get("_id").asText();
        Set<String> snapshot = sendThenKill(host, token, rid);
        Host again = host(data);
        Set<String> stored = ConcurrentHashMap.newKeySet();
        JsonNode history = again.api().get("/api/v1/livechat/messages.history/" + rid + "?token=" + token
                + "&limit=1000").json().get("messages");
        history.forEach(message -> stored.add(message.get("_id").asText()));
        List<String> lost = snapshot.stream().filter(id -> !stored.contains(id)).toList();
        assertTrue(snapshot.size() < 1000, "the history page holds every message sent");
        assertTrue(lost.isEmpty(), lost.size() + " of " + snapshot.size() + " acknowledged messages lost");
    }

    /**
     * Omnichannel webhooks survive kill -9: every acknowledged visitor message's event reaches the receiver after
     * the host is killed mid-stream and started again (at least once: a deduplicating desk keeps one of each).
     */
    @Test
    void everyAcknowledgedMessagesWebhookEventArrivesAfterKillDashNine() throws Exception {
        Path data = dir.resolve("data-webhooks");
        String admin = "kill-admin-token-0123456789abcdefghijklmnop";
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Host host = host(data, "--admin-token", admin, "--webhook-max-backoff", "1");
            receiver.configure(host.api().withHeaders(Map.of("X-User-Id", "admin", "X-Auth-Token", admin)));
            String token = "hook-" + UUID.randomUUID();
            assertEquals(200, register(host.api(), token).status());
            String rid = host.api().get("/api/v1/livechat/room?token=" + token).json().get("room").get("_id")
                    .asText();
            Set<String> acknowledged = sendThenKill(host, token, rid);
            int beforeRestart = receiver.received().size();
            host(data, "--admin-token", admin, "--webhook-max-backoff", "1");
            List<WebhookReceiver.Request> events = receiver.await(got -> messageIds(got).containsAll(acknowledged),
                    120);
            assertTrue(beforeRestart > 0, "delivery was under way when the host was killed");
            assertTrue(WebhookReceiver.distinct(events).stream().allMatch(event -> event.eventId() != null));
        }
    }

    /** The ids of the visitor messages the receiver got {@code Message} events for. */
    private static Set<String> messageIds(List<WebhookReceiver.Request> events) {
        Set<String> ids = new java.util.HashSet<>();
        for (WebhookReceiver.Request event : events) {
            if ("Message".equals(event.json().path("type").asText())) {
                ids.add(event.json().at("/messages/0/_id").asText());
            }
        }
        return ids;
    }

    /**
     * Sends visitor messages into {@code rid} from eight clients until 200 are acknowledged, then kills the host
     * (SIGKILL, with sends in flight); answers the ids of the acknowledged messages.
     */
    private static Set<String> sendThenKill(Host host, String token, String rid) throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        int clients = 8;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            pool.submit(() -> {
                ApiClient api = new ApiClient(host.api().base());
                while (!stop.get()) {
                    String id = "msg-" + UUID.randomUUID();
                    try {
                        if (api.post("/api/v1/livechat/message", Json.of(Map.of("token", token, "rid", rid,
                                "msg", "hello", "_id", id))).status() == 200) {
                            acknowledged.add(id);
                        }
                    } catch (RuntimeException connectionLost) {
                        // in flight when the host died: not acknowledged, so not promised
                    }
                }
            });
        }
        while (acknowledged.size() < 200) {
            Thread.sleep(20);
        }
        host.process().destroyForcibly(); // SIGKILL, with sends in flight
        assertTrue(host.process().waitFor(30, TimeUnit.SECONDS));
        stop.set(true);
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        return Set.copyOf(acknowledged);
    }

    /**
     * An in-flight request completes across SIGTERM: the request's headers and half its body are sent, SIGTERM
     * arrives, the test waits until the host refuses new connections (so shutdown has begun), then sends the
     * rest of the body and expects a 200 on the same connection.
     */
    @Test
    void inFlightRequestCompletesAfterSigterm() throws Exception {
        Path data = dir.resolve("data");
        Host host = host(data, "--shutdown-timeout", "20");
        String token = "graceful-" + UUID.randomUUID();
        byte[] body = Json.of(Map.of("visitor", Map.of("token", token))).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", host.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + REGISTER + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 10);
            out.flush();
            // The head must have reached the host before the signal: a connection whose head has not been read
            // yet is idle to the server, and shutdown rightly closes idle connections at once.
            Thread.sleep(500);

            host.process().destroy(); // SIGTERM
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            boolean refusing = false;
            while (!refusing && System.nanoTime() < deadline) {
                try (Socket probe = new Socket("127.0.0.1", host.port())) {
                    Thread.sleep(50);
                } catch (IOException refused) {
                    refusing = true;
                }
            }
            assertTrue(refusing, "the host kept accepting connections after SIGTERM");

            out.write(body, 10, body.length - 10);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 200", response);
        }
        assertTrue(host.process().waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, host.process().exitValue(), () -> log(0));
        Host again = host(data);
        assertEquals(200, again.api().get(REGISTER + "/" + token).status());
    }

    /** A plugin's System.exit(0) in its start must not look like a clean stop to a supervisor. */
    @Test
    void pluginCallingSystemExitEndsTheHostNonZeroAndTheLogNamesIt() throws Exception {
        Process process = launch("--port", "0", "--host", "127.0.0.1", "--data-dir", dir.resolve("data").toString(),
                "--plugins-dir", PluginFixtures.pluginsDir("exiter").toString());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), () -> "still running: " + log(0));
        assertEquals(PluginExitGuard.PLUGIN_EXIT, process.exitValue(), () -> log(0));
        String last = lastLine(0);
        assertTrue(last.contains("App test-exiter called System.exit"), () -> "last line: " + last);
    }

    /** An OutOfMemoryError in a plugin ends the host (no zombie) and its last words name the plugin. */
    @Test
    void pluginRunningOutOfMemoryEndsTheHostNonZeroAndTheLogNamesIt() throws Exception {
        Host host = host(List.of("-Xmx96m"), dir.resolve("data"), PluginFixtures.pluginsDir("hog"));
        try {
            host.api().get("/api/apps/public/test-hog/hog");
        } catch (RuntimeException connectionLost) {
            // the host halts while the request is in flight
        }
        assertTrue(host.process().waitFor(60, TimeUnit.SECONDS), () -> "a zombie: " + log(0));
        assertEquals(PluginExitGuard.FATAL_ERROR, host.process().exitValue(), () -> log(0));
        String last = lastLine(0);
        assertTrue(last.contains("OutOfMemoryError") && last.contains("app test-hog"), () -> "last line: " + last);
    }

    /** A key that does not open the stored secrets: status 78 (do not restart), one line, no stack trace. */
    @Test
    void aWrongSecretKeyStopsTheStartWithOneClearLine() throws Exception {
        Path data = dir.resolve("data");
        Host host = host(data);
        host.process().destroy();
        assertTrue(host.process().waitFor(60, TimeUnit.SECONDS));
        assertTrue(Files.exists(data.resolve("secret.key")), "the first start generated a key file");

        byte[] other = new byte[32];
        new java.security.SecureRandom().nextBytes(other);
        Path otherKey = dir.resolve("other.key");
        Files.writeString(otherKey, java.util.Base64.getEncoder().encodeToString(other));
        Process process = launch("--port", "0", "--host", "127.0.0.1", "--data-dir", data.toString(),
                "--plugins-dir", dir.resolve("no-plugins").toString(), "--secret-key-file", otherKey.toString());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(dev.switchboard.core.secret.SecretKeyException.EXIT_STATUS, process.exitValue(), () -> log(1));
        String stderr = Files.readString(dir.resolve("stderr-1.log")).strip();
        assertEquals(1, stderr.lines().count(), stderr);
        assertTrue(stderr.contains("The secret key is not the one"), stderr);
        assertFalse(log(1).contains("\tat "), () -> log(1));
    }

    /** The last non-blank line the host wrote to stdout (its log). */
    private String lastLine(int index) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("stdout-" + index + ".log")).stream()
                .filter(line -> !line.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
