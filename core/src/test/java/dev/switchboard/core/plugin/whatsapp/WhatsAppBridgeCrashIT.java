package dev.switchboard.core.plugin.whatsapp;

import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.ADMIN_TOKEN;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.APP_SECRET;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.VERIFY_TOKEN;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.await;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.fixture;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.postSigned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.testing.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real host jar as a child process: deliveries answered 200 survive a kill -9 and are processed after the
 * restart; the host's output (at DEBUG) never shows message text or secrets.
 */
class WhatsAppBridgeCrashIT {

    private static final int DELIVERIES = 40;
    private static final String TEXT = "Oi, preciso de ajuda com o pedido 4711";
    private static final String UNICODE_TEXT = "J'ai mangé des pâtes — Grüße aus Köln 🍝🚀";

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killChildren() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void killDashNineRightAfterThe200LosesNothingAndLogsNoMessageText() throws Exception {
        Path dir = Files.createTempDirectory("switchboard-wa-crash");
        Path data = dir.resolve("data");
        Path plugins = WhatsAppBridgeHarness.pluginsDirWithBridge();
        Path log1 = dir.resolve("run1.log");
        Path log2 = dir.resolve("run2.log");

        Process first = launch(data, plugins, log1);
        ApiClient client = awaitUp(first, log1);
        WhatsAppBridgeHarness.configure(client);

        List<String> bsuids = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < DELIVERIES; i++) {
            String bsuid = String.format("PT.90000000%04d", i);
            bsuids.add(bsuid);
            String template = i % 2 == 0 ? fixture("text-no-phone-username.json")
                    : fixture("text-phone-no-username-unicode.json").replace("4915112345678",
                            String.format("35191000%04d", i)).replace("DE.2233445566778899", "ignored");
            String body = template.replace("BR.1502576394655843", bsuid).replace("ignored", bsuid)
                    .replace("QjdCAA==", "Crash" + i).replace("QjdCQUQA", "Crash" + i);
            answers.add(pool.submit(() -> postSigned(client, body).status()));
        }
        for (Future<Integer> answer : answers) {
            assertEquals(200, answer.get(30, TimeUnit.SECONDS));
        }
        first.destroyForcibly();   // SIGKILL right after the last 200
        assertTrue(first.waitFor(10, TimeUnit.SECONDS));
        pool.shutdown();
        int leftInInbox = count(data, "SELECT COUNT(*) FROM app_kv WHERE app_id = 'whatsapp-bridge' AND key LIKE 'inbox/%'");
        int linkedBeforeKill = count(data, "SELECT COUNT(*) FROM external_ids WHERE app_id = 'whatsapp-bridge'");
        System.out.println("kill -9 left " + leftInInbox + " deliveries in the inbox; " + linkedBeforeKill
                + " ids were linked before the kill");

        Process second = launch(data, plugins, log2);
        awaitUp(second, log2);
        await("every delivery processed after the restart", Duration.ofSeconds(60), () ->
                count(data, "SELECT COUNT(*) FROM external_ids WHERE app_id = 'whatsapp-bridge'") == DELIVERIES
                        && count(data, "SELECT COUNT(*) FROM app_kv WHERE app_id = 'whatsapp-bridge'"
                        + " AND key LIKE 'inbox/%'") == 0);
        assertEquals(DELIVERIES, count(data, "SELECT COUNT(*) FROM visitors WHERE erased_at IS NULL"));
        for (String bsuid : bsuids) {
            assertEquals(1, count(data, "SELECT COUNT(*) FROM external_ids WHERE app_id = 'whatsapp-bridge'"
                    + " AND entity_id = '" + bsuid + "'"), bsuid);
        }
        second.destroy();
        second.waitFor(30, TimeUnit.SECONDS);

        String logs = Files.readString(log1, StandardCharsets.UTF_8) + Files.readString(log2, StandardCharsets.UTF_8);
        assertTrue(logs.contains("whatsapp"), "the logs were captured");
        assertFalse(logs.contains(TEXT), "message text in the logs");
        assertFalse(logs.contains("pedido 4711"), "message text in the logs");
        assertFalse(logs.contains(UNICODE_TEXT), "message text in the logs");
        assertFalse(logs.contains("Köln"), "message text in the logs");
        assertFalse(logs.contains(APP_SECRET), "app secret in the logs");
        assertFalse(logs.contains(VERIFY_TOKEN), "verify token in the logs");
    }

    private Process launch(Path data, Path plugins, Path log) throws IOException {
        String jar = System.getProperty("switchboard.jar", "target/switchboard.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar, "--port", String.valueOf(freePort()),
                "--host", "127.0.0.1", "--data-dir", data.toString(), "--plugins-dir", plugins.toString(),
                "--admin-token", ADMIN_TOKEN, "--rate-limit=off")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("SWITCHBOARD_LOG_LEVEL", "DEBUG");
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private static ApiClient awaitUp(Process process, Path log) throws Exception {
        String port = portOf(process);
        ApiClient client = new ApiClient("http://127.0.0.1:" + port);
        await("host up (see " + log + ")", Duration.ofSeconds(60), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("host exited: " + read(log));
            }
            try {
                return client.get("/health").status() == 200;
            } catch (UncheckedIOException e) {
                return false;
            }
        });
        return client;
    }

    private static String portOf(Process process) {
        List<String> args = process.info().arguments().map(List::of).orElseThrow();
        return args.get(args.indexOf("--port") + 1);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int count(Path data, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("switchboard.db")
                + "?busy_timeout=5000");
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
