package dev.switchboard.core.plugin.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Await;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.TestHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * Shared plumbing of the WhatsApp bridge integration tests: the real plugin jar in a plugins directory, a host
 * configured over the admin API, signed webhook posts, and SQL probes on the host's database.
 */
final class WhatsAppBridgeHarness {

    static final String APP = "whatsapp-bridge";
    static final String WEBHOOK = "/api/apps/public/" + APP + "/webhook";
    static final String ADMIN_TOKEN = "it-admin-token-0123456789abcdefghijklmnop";
    static final String APP_SECRET = "it-app-secret-7f3a";
    static final String VERIFY_TOKEN = "it-verify-token-91c2";

    private WhatsAppBridgeHarness() {
    }

    /** The built plugin jar: ${switchboard.plugins.dir}/whatsapp-bridge/target/whatsapp-bridge-*.jar. */
    static Path pluginJar() {
        Path plugins = Path.of(System.getProperty("switchboard.plugins.dir", "../plugins"));
        Path target = plugins.resolve("whatsapp-bridge").resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("whatsapp-bridge-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().endsWith("-sources.jar"))
                    .findFirst().orElseThrow();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the WhatsApp bridge jar is not built under " + target.toAbsolutePath()
                    + "; run mvn -pl plugins/whatsapp-bridge -am install first", e);
        }
    }

    /** A fresh plugins directory holding only the real bridge jar. */
    static Path pluginsDirWithBridge() {
        try {
            Path dir = Files.createTempDirectory("switchboard-wa-plugins");
            Path jar = pluginJar();
            Files.copy(jar, dir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TestHost startConfigured() throws Exception {
        TestHost host = TestHost.start(b -> b.pluginsDir(pluginsDirWithBridge()).adminToken(ADMIN_TOKEN));
        configure(host.client());
        return host;
    }

    static ApiClient admin(ApiClient client) {
        return client.withHeaders(Map.of("X-User-Id", "admin", "X-Auth-Token", ADMIN_TOKEN));
    }

    static ApiClient.Response configure(ApiClient client) {
        ApiClient.Response r = admin(client).post("/api/apps/" + APP + "/settings",
                Json.of(Map.of("settings", Map.of("verifyToken", VERIFY_TOKEN, "appSecret", APP_SECRET))));
        assertEquals(200, r.status(), r::toString);
        return r;
    }

    static String fixture(String name) {
        try (InputStream in = WhatsAppBridgeHarness.class.getResourceAsStream("/whatsapp/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    static ApiClient.Response postSigned(ApiClient client, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(client, bytes, sign(APP_SECRET, bytes));
    }

    static ApiClient.Response post(ApiClient client, byte[] body, String signature) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (signature != null) {
            headers.put("X-Hub-Signature-256", signature);
        }
        return client.send("POST", WEBHOOK, body, headers);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, timeout, condition);
    }

    /** SQL probes on the host's database. */
    record Db(DataSource dataSource) {

        static Db of(TestHost host) {
            return new Db(host.host().database().dataSource());
        }

        /** The visitor id holding a WhatsApp entity id, or null. */
        String visitorOf(String entityId) {
            List<List<String>> rows = query("SELECT visitor_id FROM external_ids WHERE app_id = ? AND entity_id = ?",
                    APP, entityId);
            return rows.isEmpty() ? null : rows.get(0).get(0);
        }

        String metadataOf(String entityId) {
            List<List<String>> rows = query("SELECT metadata FROM external_ids WHERE app_id = ? AND entity_id = ?",
                    APP, entityId);
            return rows.isEmpty() ? null : rows.get(0).get(0);
        }

        List<String> entityIdsOf(String visitorId) {
            return query("SELECT entity_id FROM external_ids WHERE app_id = ? AND visitor_id = ? ORDER BY entity_id",
                    APP, visitorId).stream().map(r -> r.get(0)).toList();
        }

        int liveVisitors() {
            return Integer.parseInt(query("SELECT COUNT(*) FROM visitors WHERE erased_at IS NULL").get(0).get(0));
        }

        String column(String visitorId, String column) {
            return query("SELECT " + column + " FROM visitors WHERE id = ?", visitorId).get(0).get(0);
        }

        List<String> kvKeys(String prefix) {
            return query("SELECT key FROM app_kv WHERE app_id = ? AND key LIKE ? ORDER BY key", APP, prefix + "%")
                    .stream().map(r -> r.get(0)).toList();
        }

        List<String> kvValues() {
            return query("SELECT value FROM app_kv WHERE app_id = ?", APP).stream().map(r -> r.get(0)).toList();
        }

        List<List<String>> query(String sql, Object... args) {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    List<List<String>> rows = new ArrayList<>();
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        List<String> row = new ArrayList<>();
                        for (int i = 1; i <= n; i++) {
                            Object o = rs.getObject(i);
                            row.add(o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8)
                                    : o == null ? null : o.toString());
                        }
                        rows.add(row);
                    }
                    return rows;
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
