package dev.switchboard.core.plugin;

import static dev.switchboard.core.plugin.PluginFixtures.configureAttacher;
import static dev.switchboard.core.plugin.PluginFixtures.get;
import static dev.switchboard.core.plugin.PluginFixtures.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.TestHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The per-app key-value store, through the attacher's kv endpoints. */
class PluginStoreIT {

    @Test
    void anEndpointsAnswerWaitsUntilEveryPutAsyncItStartedIsStored() throws Exception {
        try (TestHost host = PluginFixtures.startWith("attacher")) {
            configureAttacher(host);
            for (int round = 0; round < 5; round++) {
                String prefix = "async-" + round + "-";
                ApiClient.Response answer = post(host, "kv/put-async",
                        Map.of("prefix", prefix, "count", "40", "value", "v" + round));
                assertEquals(200, answer.status(), answer::toString);
                JsonNode keys = get(host, "kv/keys?prefix=" + prefix + "&limit=100").json().get("keys");
                assertEquals(40, keys.size(), "all 40 writes were committed before the answer: " + keys);
            }
        }
    }

    @Test
    void expiryAndPrefixDeletionThroughThePluginsStore() throws Exception {
        try (TestHost host = PluginFixtures.startWith("attacher")) {
            configureAttacher(host);
            assertEquals(true, post(host, "kv/put-if-absent-ttl",
                    Map.of("key", "idem/1", "value", "a", "ttlMillis", "300")).json().get("stored").asBoolean());
            assertEquals(false, post(host, "kv/put-if-absent-ttl",
                    Map.of("key", "idem/1", "value", "b", "ttlMillis", "300")).json().get("stored").asBoolean());
            post(host, "kv/put-ttl", Map.of("key", "idem/2", "value", "c", "ttlMillis", "60000"));
            post(host, "kv/put", Map.of("key", "keep", "value", "d"));
            Thread.sleep(400);
            assertEquals(404, get(host, "kv/get?key=idem/1").status(), "expired");
            assertEquals(true, post(host, "kv/put-if-absent-ttl",
                    Map.of("key", "idem/1", "value", "e", "ttlMillis", "60000")).json().get("stored").asBoolean(),
                    "an expired key is absent again");

            assertEquals(2, post(host, "kv/delete-prefix", Map.of("prefix", "idem/")).json().get("deleted").asInt());
            JsonNode keys = get(host, "kv/keys?prefix=&limit=100").json().get("keys");
            assertEquals(false, keys.toString().contains("idem/"), keys::toString);
            assertEquals(true, keys.toString().contains("keep"), keys::toString);
        }
    }

    @Test
    void putGetPutIfAbsentKeysScopingAndRestart() throws Exception {
        TestHost host = PluginFixtures.startWith("attacher", "spoofer");
        try {
            configureAttacher(host);
            assertEquals(404, get(host, "kv/get?key=missing").status());
            assertEquals(200, post(host, "kv/put", Map.of("key", "k1", "value", "v1")).status());
            assertEquals("v1", get(host, "kv/get?key=k1").json().get("value").asText());
            assertEquals(200, post(host, "kv/put", Map.of("key", "k1", "value", "v2")).status());
            assertEquals("v2", get(host, "kv/get?key=k1").json().get("value").asText(), "put replaces");

            // exactly one winner of 32 concurrent putIfAbsent calls
            int callers = 32;
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            List<Future<ApiClient.Response>> answers = new ArrayList<>();
            try {
                CountDownLatch go = new CountDownLatch(1);
                for (int i = 0; i < callers; i++) {
                    String value = "w" + i;
                    TestHost target = host;
                    answers.add(pool.submit(() -> {
                        go.await();
                        return post(target, "kv/put-if-absent", Map.of("key", "race", "value", value));
                    }));
                }
                go.countDown();
                int winners = 0;
                String winner = null;
                for (int i = 0; i < callers; i++) {
                    ApiClient.Response answer = answers.get(i).get();
                    assertEquals(200, answer.status(), answer::toString);
                    if (answer.json().get("stored").asBoolean()) {
                        winners++;
                        winner = "w" + i;
                    }
                }
                assertEquals(1, winners);
                assertEquals(winner, get(host, "kv/get?key=race").json().get("value").asText());
            } finally {
                pool.shutdownNow();
            }

            for (String key : List.of("p/c", "p/a", "q/x", "p", "p/b", "p0")) {
                assertEquals(200, post(host, "kv/put", Map.of("key", key, "value", key)).status());
            }
            assertEquals("[\"p/a\",\"p/b\",\"p/c\"]", keys(host, "p/").toString());
            assertEquals("[\"p\",\"p/a\",\"p/b\",\"p/c\",\"p0\"]", keys(host, "p").toString());
            assertEquals("[\"p/a\",\"p/b\"]", get(host, "kv/keys?prefix=p/&limit=2").json().get("keys").toString());

            // another app sees only its own keys
            ApiClient.Response spoof = PluginFixtures.call(host, "test-spoofer", "POST", "spoof", Map.of(
                    "token", "tok-kv", "victimVisitorId", PluginFixtures.register(host, "tok-kv-victim").get("_id")
                            .asText(), "victimEntityId", "none"));
            assertEquals(200, spoof.status(), spoof::toString);
            JsonNode spooferKeys = PluginFixtures.call(host, "test-spoofer", "GET", "spoof/kv-keys", null).json();
            assertEquals("[\"spoofer-key\"]", spooferKeys.get("keys").toString());
            assertEquals("[]", keys(host, "spoofer").toString());

            host = host.restart();
            assertEquals("v2", get(host, "kv/get?key=k1").json().get("value").asText(), "survives restart");
            assertEquals(200, post(host, "kv/delete", Map.of("key", "k1")).status());
            assertEquals(404, get(host, "kv/get?key=k1").status());
        } finally {
            host.close();
        }
    }

    private static JsonNode keys(TestHost host, String prefix) {
        ApiClient.Response response = get(host, "kv/keys?prefix=" + prefix);
        assertEquals(200, response.status(), response::toString);
        return response.json().get("keys");
    }
}
