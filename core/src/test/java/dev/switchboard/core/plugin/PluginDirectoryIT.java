package dev.switchboard.core.plugin;

import static dev.switchboard.core.plugin.PluginFixtures.ATTACHER;
import static dev.switchboard.core.plugin.PluginFixtures.configureAttacher;
import static dev.switchboard.core.plugin.PluginFixtures.externalId;
import static dev.switchboard.core.plugin.PluginFixtures.get;
import static dev.switchboard.core.plugin.PluginFixtures.post;
import static dev.switchboard.core.plugin.PluginFixtures.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.TestHost;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The visitor directory as a plugin sees it, through the attacher's directory endpoints. */
class PluginDirectoryIT {
    private static TestHost host;

    @BeforeAll
    static void start() throws Exception {
        host = PluginFixtures.startWith("attacher");
        configureAttacher(host);
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @Test
    void resolveFindsByEntityIdFirst() {
        String id = register(host, "tok-r1", "+1 555 0100 001", null).get("_id").asText();
        JsonNode resolved = visitor(post(host, "directory/resolve",
                Map.of("entityId", "ext-tok-r1", "phone", "999")));
        assertEquals(id, resolved.get("id").asText());
    }

    @Test
    void resolveFallsBackToPhoneDigitsAndAttachesTheCallersEntry() {
        String id = register(host, "tok-r2", "+1 (555) 010-2000", null).get("_id").asText();
        JsonNode resolved = visitor(post(host, "directory/resolve", Map.of("entityId", "wa-r2",
                "phone", "15550102000", "metadata", Map.of("profile", "Ann"))));
        assertEquals(id, resolved.get("id").asText());
        JsonNode entry = externalId(resolved, "wa-r2");
        assertNotNull(entry, resolved::toString);
        assertEquals(ATTACHER, entry.get("appId").asText());
        assertEquals("Ann", entry.get("metadata").get("profile").asText());
        assertEquals(id, visitor(post(host, "directory/resolve", Map.of("entityId", "wa-r2"))).get("id").asText());
    }

    @Test
    void resolveFallsBackToEmailCaseInsensitively() {
        String id = register(host, "tok-r3", null, "Mixed.Case@Example.com").get("_id").asText();
        JsonNode resolved = visitor(post(host, "directory/resolve",
                Map.of("entityId", "mail-r3", "email", "mixed.case@example.COM")));
        assertEquals(id, resolved.get("id").asText());
        assertNotNull(externalId(resolved, "mail-r3"));
    }

    @Test
    void resolveWithNoMatchIsEmptyAndCreatesNothing() {
        ApiClient.Response none = post(host, "directory/resolve",
                Map.of("entityId", "nobody", "phone", "+49 000 000 000", "email", "nobody@example.org"));
        assertEquals(404, none.status(), none::toString);
        assertEquals(404, get(host, "directory/find-by-entity?entityId=nobody").status());
    }

    @Test
    void resolveOrCreateUnder32WayConcurrencyCreatesExactlyOneVisitor() throws Exception {
        int callers = 32;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ApiClient.Response>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return post(host, "directory/resolve-or-create",
                            Map.of("entityId", "roc-new", "name", "Concurrent"));
                }));
            }
            go.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<ApiClient.Response> answer : answers) {
                ApiClient.Response response = answer.get();
                assertEquals(200, response.status(), response::toString);
                ids.add(visitor(response).get("id").asText());
            }
            assertEquals(1, ids.size(), "visitors created: " + ids);
            JsonNode found = visitor(get(host, "directory/find-by-entity?entityId=roc-new"));
            assertEquals(ids.iterator().next(), found.get("id").asText());
            assertEquals(ATTACHER, externalId(found, "roc-new").get("appId").asText());
            assertNotNull(externalId(found, "ext-" + found.get("token").asText()), "hooks ran on create");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void resolveOrCreateReturnsAnExistingMatch() {
        String id = register(host, "tok-r4", "+44 20 7946 0004", null).get("_id").asText();
        JsonNode resolved = visitor(post(host, "directory/resolve-or-create",
                Map.of("entityId", "wa-r4", "phone", "442079460004", "name", "Ignored")));
        assertEquals(id, resolved.get("id").asText());
        assertNotNull(externalId(resolved, "wa-r4"));
    }

    @Test
    void attachAndDetachAreIdempotentAndConflictsAreRefused() {
        String first = register(host, "tok-a").get("_id").asText();
        String second = register(host, "tok-b").get("_id").asText();

        JsonNode attached = visitor(post(host, "directory/attach",
                Map.of("visitorId", first, "entityId", "extra-a", "metadata", Map.of("n", 1))));
        assertEquals(1, externalId(attached, "extra-a").get("metadata").get("n").asInt());
        JsonNode replaced = visitor(post(host, "directory/attach",
                Map.of("visitorId", first, "entityId", "extra-a", "metadata", Map.of("n", 2))));
        assertEquals(2, externalId(replaced, "extra-a").get("metadata").get("n").asInt());

        ApiClient.Response conflict = post(host, "directory/attach",
                Map.of("visitorId", second, "entityId", "extra-a"));
        assertEquals(409, conflict.status(), conflict::toString);
        assertEquals(first, conflict.json().get("existingVisitorId").asText());

        ApiClient.Response unknown = post(host, "directory/attach",
                Map.of("visitorId", "no-such-visitor", "entityId", "extra-z"));
        assertEquals(404, unknown.status(), unknown::toString);

        assertNull(externalId(visitor(post(host, "directory/detach",
                Map.of("visitorId", second, "entityId", "extra-a"))), "extra-a"));
        assertNotNull(externalId(PluginFixtures.visitor(host, "tok-a"), "extra-a"),
                "detaching from another visitor must not touch the holder");
        assertNull(externalId(visitor(post(host, "directory/detach",
                Map.of("visitorId", first, "entityId", "extra-a"))), "extra-a"));
        assertEquals(200, post(host, "directory/detach", Map.of("visitorId", first, "entityId", "extra-a"))
                .status(), "detaching twice is a no-op");
        assertNull(externalId(PluginFixtures.visitor(host, "tok-a"), "extra-a"));
    }

    @Test
    void registerGoesThroughThePipelineAndRunsHooks() {
        JsonNode registered = visitor(post(host, "directory/register",
                Map.of("token", "tok-app-reg", "name", "From App", "email", "app@example.org")));
        assertNotNull(externalId(registered, "ext-tok-app-reg"), registered::toString);
        JsonNode rest = PluginFixtures.visitor(host, "tok-app-reg");
        assertEquals("From App", rest.get("name").asText());
        assertEquals(registered.get("id").asText(), visitor(get(host,
                "directory/find-by-token?token=tok-app-reg")).get("id").asText());
        assertEquals(404, get(host, "directory/find-by-token?token=no-such-token").status());
    }

    @Test
    void updateContactChangesPhoneAndEmailOfThatVisitorOnlyKeepsTheRestAndRunsHooks() {
        String id = register(host, "tok-upd", null, null).get("_id").asText();
        register(host, "tok-upd-other", "+1 555 010 9000", null);
        visitor(post(host, "directory/register", Map.of("token", "tok-upd", "name", "Kept Name")));

        JsonNode updated = visitor(post(host, "directory/update-contact",
                Map.of("visitorId", id, "phone", "+1 555 010 9000")));
        assertEquals(id, updated.get("id").asText(), "lands on the visitor named, not on the phone's holder");
        assertEquals("Kept Name", updated.get("name").asText());
        assertEquals("15550109000", updated.get("phones").get(0).asText().replaceAll("\\D", ""));
        assertNotNull(externalId(updated, "phone-tok-upd"), "the WITH_PHONE hook ran: " + updated);

        JsonNode emailed = visitor(post(host, "directory/update-contact",
                Map.of("visitorId", id, "email", "upd@example.org")));
        assertEquals("upd@example.org", emailed.get("emails").get(0).asText());
        assertEquals(1, emailed.get("phones").size(), "a null phone keeps the stored one: " + emailed);

        ApiClient.Response unknown = post(host, "directory/update-contact",
                Map.of("visitorId", "no-such-visitor", "phone", "1"));
        assertEquals(404, unknown.status(), unknown::toString);
    }

    @Test
    void updateMetadataReplacesTheEntrysMetadataWhereverItIs() {
        String id = register(host, "tok-meta", null, null).get("_id").asText();
        visitor(post(host, "directory/attach", Map.of("visitorId", id, "entityId", "meta-1",
                "metadata", Map.of("profile", "old"))));
        JsonNode updated = visitor(post(host, "directory/update-metadata",
                Map.of("entityId", "meta-1", "metadata", Map.of("profile", "new"))));
        assertEquals(id, updated.get("id").asText());
        assertEquals("new", externalId(updated, "meta-1").get("metadata").get("profile").asText());
        assertEquals("new", externalId(PluginFixtures.visitor(host, "tok-meta"), "meta-1")
                .get("metadata").get("profile").asText(), "stored, as the visitor API shows");
        assertEquals(404, post(host, "directory/update-metadata",
                Map.of("entityId", "nobody-holds-this", "metadata", Map.of())).status());
    }

    private static JsonNode visitor(ApiClient.Response response) {
        assertEquals(200, response.status(), response::toString);
        return response.json().get("visitor");
    }
}
