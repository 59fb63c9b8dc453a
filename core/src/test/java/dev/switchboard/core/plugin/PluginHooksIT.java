package dev.switchboard.core.plugin;

import static dev.switchboard.core.plugin.PluginFixtures.ATTACHER;
import static dev.switchboard.core.plugin.PluginFixtures.admin;
import static dev.switchboard.core.plugin.PluginFixtures.app;
import static dev.switchboard.core.plugin.PluginFixtures.awaitStatus;
import static dev.switchboard.core.plugin.PluginFixtures.configureAttacher;
import static dev.switchboard.core.plugin.PluginFixtures.externalId;
import static dev.switchboard.core.plugin.PluginFixtures.get;
import static dev.switchboard.core.plugin.PluginFixtures.register;
import static dev.switchboard.core.plugin.PluginFixtures.visitor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.TestHost;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registration and erasure hooks of real plugin jars, over HTTP. */
class PluginHooksIT {

    @Test
    void fixturePluginsAreNotOnTheTestClassPath() {
        assertThrows(ClassNotFoundException.class,
                () -> Class.forName("dev.switchboard.plugins.testing.attacher.AttacherHook"));
    }

    @Test
    void hookAttachesIdsThatAppearInTheSameResponseAndLaterUnderThePluginsAppId() throws Exception {
        try (TestHost host = PluginFixtures.startWith("attacher")) {
            configureAttacher(host);
            JsonNode registered = register(host, "tok-a1");
            JsonNode entry = externalId(registered, "ext-tok-a1");
            assertNotNull(entry, registered::toString);
            assertEquals(ATTACHER, entry.get("appId").asText(), "metadata appId must not change the stored appId");
            assertEquals("hook", entry.get("metadata").get("source").asText());
            assertEquals("someone-else", entry.get("metadata").get("appId").asText(), "metadata kept as data");

            JsonNode later = visitor(host, "tok-a1");
            assertEquals(ATTACHER, externalId(later, "ext-tok-a1").get("appId").asText());
            assertEquals(registered.get("_id").asText(), later.get("_id").asText());

            // registering again is an update: still one entry, no conflict
            JsonNode again = register(host, "tok-a1");
            assertEquals(1, again.get("externalIds").size(), again::toString);
        }
    }

    @Test
    void hooksAreCalledOnlyForTheRegistrationsTheirFilterWants() throws Exception {
        try (TestHost host = PluginFixtures.startWith("attacher")) {
            configureAttacher(host);
            JsonNode plain = register(host, "tok-f1");
            assertNotNull(externalId(plain, "ext-tok-f1"), "ALL: called");
            assertNull(externalId(plain, "phone-tok-f1"), "WITH_PHONE: not called without a phone");
            assertNull(externalId(plain, "email-tok-f1"), "WITH_EMAIL: not called without an email");

            JsonNode withPhone = register(host, "tok-f2", "+1 555 010 7002", null);
            assertNotNull(externalId(withPhone, "phone-tok-f2"), withPhone::toString);
            assertNull(externalId(withPhone, "email-tok-f2"));

            JsonNode withEmail = register(host, "tok-f3", null, "f3@example.com");
            assertNotNull(externalId(withEmail, "email-tok-f3"), withEmail::toString);
            assertNull(externalId(withEmail, "phone-tok-f3"));

            // WITH_PHONE_OR_EMAIL (SPI 1.4): either one is enough, neither is not
            assertNull(externalId(plain, "contact-tok-f1"), "WITH_PHONE_OR_EMAIL: not called without either");
            assertNotNull(externalId(withPhone, "contact-tok-f2"), withPhone::toString);
            assertNotNull(externalId(withEmail, "contact-tok-f3"), withEmail::toString);
        }
    }

    @Test
    void hooksRunWithThePluginsClassLoaderAsContextClassLoader() throws Exception {
        try (TestHost host = PluginFixtures.startWith("attacher")) {
            configureAttacher(host);
            register(host, "tok-tccl");
            ApiClient.Response recorded = get(host, "kv/get?key=hook-tccl/tok-tccl");
            assertEquals(200, recorded.status(), recorded::toString);
            assertEquals("true", recorded.json().get("value").asText());
        }
    }

    @Test
    void throwingHookNeverFailsRegistrationAndAfterFiveFailuresItsAppIsSwitchedOffUntilReEnabled()
            throws Exception {
        try (TestHost host = PluginFixtures.startWith("attacher", "thrower")) {
            configureAttacher(host);
            for (int i = 1; i <= AppFaults.IN_A_ROW_BEFORE_ERROR; i++) {
                JsonNode visitor = register(host, "tok-t" + i);
                assertNotNull(externalId(visitor, "ext-tok-t" + i), "the other app's hook still runs");
                if (i < AppFaults.IN_A_ROW_BEFORE_ERROR) {
                    JsonNode thrower = app(host, "test-thrower");
                    assertEquals("auto_enabled", thrower.get("status").asText());
                    assertEquals(i, thrower.get("hookFailures").asInt());
                }
            }
            JsonNode off = awaitStatus(host, "test-thrower", "error_disabled");
            assertTrue(off.get("statusReason").asText().contains("thrower always fails"), off::toString);
            assertEquals("auto_enabled", app(host, ATTACHER).get("status").asText(), "other apps unaffected");

            ApiClient.Response enabled = admin(host).post("/api/apps/test-thrower/status",
                    Json.of(Map.of("status", "manually_enabled")));
            assertEquals(200, enabled.status(), enabled::toString);
            assertEquals("manually_enabled", enabled.json().get("app").get("status").asText());
            // hookFailures is a running total; the count "in a row" starts again on enable
            for (int i = 1; i < AppFaults.IN_A_ROW_BEFORE_ERROR; i++) {
                register(host, "tok-t-after" + i);
            }
            JsonNode again = app(host, "test-thrower");
            assertEquals(2 * AppFaults.IN_A_ROW_BEFORE_ERROR - 1, again.get("hookFailures").asInt(), "hook runs");
            assertEquals("manually_enabled", again.get("status").asText(), again::toString);
        }
    }

    @Test
    void sleepingHookIsAbandonedAfterItsBudgetAndCountsAsAFailure() throws Exception {
        try (TestHost host = PluginFixtures.startWith("attacher", "sleeper")) {
            configureAttacher(host);
            long start = System.nanoTime();
            JsonNode visitor = register(host, "tok-s1");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5_000, "registration took " + millis + " ms; hook budget is 500 ms");
            assertNotNull(externalId(visitor, "ext-tok-s1"));
            assertNull(externalId(visitor, "too-late-tok-s1"));
            JsonNode sleeper = app(host, "test-sleeper");
            assertEquals(1, sleeper.get("hookFailures").asInt(), sleeper::toString);
            assertEquals("auto_enabled", sleeper.get("status").asText());
        }
    }

    @Test
    void endpointPastItsBudgetIsA504AndTheHostKeepsServing() throws Exception {
        try (TestHost host = PluginFixtures.startWith("sleeper")) {
            long start = System.nanoTime();
            ApiClient.Response response = PluginFixtures.call(host, "test-sleeper", "GET", "sleep", null);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(504, response.status(), response::toString);
            assertTrue(response.json().get("error").asText().contains("error-app-timeout"), response::toString);
            assertTrue(millis >= 9_000 && millis < 20_000, "answered after " + millis + " ms; budget is 10 s");
            assertEquals(200, host.client().get("/health").status());
        }
    }

    @Test
    void spooferCannotWriteReadOrRemoveAnotherAppsIds() throws Exception {
        try (TestHost host = PluginFixtures.startWith("attacher", "spoofer")) {
            configureAttacher(host);
            JsonNode victim = register(host, "tok-victim");
            JsonNode hookEntry = externalId(victim, "spoof-hook-tok-victim");
            assertEquals("test-spoofer", hookEntry.get("appId").asText(), victim::toString);

            ApiClient.Response spoofed = PluginFixtures.call(host, "test-spoofer", "POST", "spoof", Map.of(
                    "token", "tok-spoofer",
                    "victimVisitorId", victim.get("_id").asText(),
                    "victimEntityId", "ext-tok-victim"));
            assertEquals(200, spoofed.status(), spoofed::toString);
            assertEquals(false, spoofed.json().get("foundVictim").asBoolean(), "cannot see another app's ids");

            JsonNode mine = visitor(host, "tok-spoofer");
            int spooferEntries = 0;
            for (JsonNode entry : mine.get("externalIds")) {
                String entityId = entry.get("entityId").asText();
                if (entityId.startsWith("ext-tok-spoofer")) {
                    assertEquals(ATTACHER, entry.get("appId").asText()); // attached by the attacher's own hook
                } else {
                    assertEquals("test-spoofer", entry.get("appId").asText(), entry::toString);
                    spooferEntries++;
                }
            }
            // spoof-hook-, spoof-attach-, spoof-forged- and the victim's entity id taken for itself
            assertEquals(4, spooferEntries, mine::toString);
            assertEquals("test-spoofer", externalId(visitor(host, "spoof-roc-tok-spoofer"),
                    "spoof-roc-tok-spoofer").get("appId").asText());

            JsonNode victimAfter = visitor(host, "tok-victim");
            assertEquals(ATTACHER, externalId(victimAfter, "ext-tok-victim").get("appId").asText(),
                    "the spoofer's detach must not touch another app's entry");
        }
    }

    @Test
    void erasureRemovesExternalIdsAndTellsEachAppOnlyItsOwnIds() throws Exception {
        try (TestHost host = PluginFixtures.startWith("attacher", "spoofer")) {
            configureAttacher(host);
            String visitorId = register(host, "tok-erase").get("_id").asText();
            assertEquals(200, get(host, "directory/find-by-entity?entityId=ext-tok-erase").status());

            ApiClient.Response erased = host.client().delete("/api/v1/livechat/visitor/tok-erase");
            assertEquals(200, erased.status(), erased::toString);

            assertEquals(404, get(host, "directory/find-by-entity?entityId=ext-tok-erase").status());
            JsonNode record = null;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (record == null && System.nanoTime() < deadline) {
                record = get(host, "erasures").json().get("erasures").get(visitorId);
                if (record == null) {
                    Thread.sleep(50);
                }
            }
            assertNotNull(record, "the erasure hook was not called");
            assertEquals("[\"ext-tok-erase\"]", record.get("entityIds").toString());
            assertEquals("[\"" + ATTACHER + "\"]", record.get("appIds").toString());
        }
    }
}
