package dev.switchboard.core.plugin.whatsapp;

import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.APP;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.APP_SECRET;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.VERIFY_TOKEN;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.WEBHOOK;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.admin;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.await;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.fixture;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.post;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.postSigned;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.Db;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.TestHost;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real WhatsApp bridge jar loaded by a started host, spoken to over HTTP like Meta would. */
class WhatsAppBridgeIT {

    static final String ANA = "BR.1502576394655843";
    static final String ANA_PARENT = "BR.ENT.11815799212886844830";
    static final Duration WAIT = Duration.ofSeconds(20);

    private TestHost host;
    private ApiClient client;
    private Db db;

    @BeforeEach
    void start() throws Exception {
        host = WhatsAppBridgeHarness.startConfigured();
        client = host.client();
        db = Db.of(host);
    }

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
    }

    /** Posts a signed delivery and waits until it is processed (its inbox entry is removed only then). */
    private void deliver(String body) throws InterruptedException {
        ApiClient.Response r = postSigned(client, body);
        assertEquals(200, r.status(), r::toString);
        await("inbox drained", WAIT, () -> db.kvKeys("inbox/").isEmpty());
    }

    private void deliverAndAwait(String body, String entityId) throws InterruptedException {
        deliver(body);
        assertNotNull(db.visitorOf(entityId), entityId + " linked");
    }

    @Test
    void appServesOnlyOnceConfiguredAndNeverShowsSecrets() throws Exception {
        try (TestHost bare = TestHost.start(b -> b.pluginsDir(WhatsAppBridgeHarness.pluginsDirWithBridge())
                .adminToken(WhatsAppBridgeHarness.ADMIN_TOKEN))) {
            JsonNode app = admin(bare.client()).get("/api/apps/" + APP).json().get("app");
            assertEquals("invalid_settings_disabled", app.get("status").asText(), app::toString);
            assertEquals(404, bare.client().get(WEBHOOK + "?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1")
                    .status());
            ApiClient.Response configured = WhatsAppBridgeHarness.configure(bare.client());
            assertFalse(configured.text().contains(APP_SECRET));
            assertFalse(configured.text().contains(VERIFY_TOKEN));
            String status = admin(bare.client()).get("/api/apps/" + APP).json().get("app").get("status").asText();
            assertTrue(status.endsWith("_enabled") && !status.contains("disabled"), status);
        }
    }

    @Test
    void verificationHandshake() {
        ApiClient.Response ok = client.get(WEBHOOK + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token="
                + VERIFY_TOKEN);
        assertEquals(200, ok.status());
        assertEquals("1158201444", ok.text());
        assertTrue(ok.header("content-type").startsWith("text/plain"));
        assertEquals(403, client.get(WEBHOOK + "?hub.mode=subscribe&hub.challenge=1&hub.verify_token=nope").status());
        assertEquals(403, client.get(WEBHOOK + "?hub.mode=other&hub.challenge=1&hub.verify_token=" + VERIFY_TOKEN)
                .status());
    }

    @Test
    void unsignedAndBadlySignedDeliveriesAre401AndStoreNothing() throws Exception {
        byte[] body = fixture("text-no-phone-username.json").getBytes(StandardCharsets.UTF_8);
        assertEquals(401, post(client, body, null).status());
        assertEquals(401, post(client, body, sign("wrong-secret", body)).status());
        assertEquals(401, post(client, body, "sha256=" + "0".repeat(64)).status());
        byte[] tampered = fixture("text-no-phone-username.json").replace("4711", "4712").getBytes(StandardCharsets.UTF_8);
        assertEquals(401, post(client, tampered, sign(APP_SECRET, body)).status());
        Thread.sleep(500);
        assertTrue(db.kvValues().isEmpty(), "nothing stored");
        assertEquals(0, db.liveVisitors());
    }

    @Test
    void malformedJsonWithAValidSignatureIs400() {
        assertEquals(400, postSigned(client, "{\"object\":\"whatsapp_business_account\",").status());
        assertEquals(400, postSigned(client, "not json").status());
        assertTrue(db.kvKeys("inbox/").isEmpty());
    }

    @Test
    void phoneLessUserIsLinkedByBsuidAnsweredFast() throws Exception {
        long started = System.nanoTime();
        ApiClient.Response r = postSigned(client, fixture("text-no-phone-username.json"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(200, r.status());
        assertTrue(millis < 1000, "answered in " + millis + " ms");
        await("visitor", WAIT, () -> db.visitorOf(ANA) != null);
        String visitor = db.visitorOf(ANA);
        assertNull(db.column(visitor, "phone"), "a BSUID never goes where a phone belongs");
        assertEquals("Ana Souza", db.column(visitor, "name"));
        assertTrue(db.metadataOf(ANA).contains("@ana.souza"));
        assertTrue(db.metadataOf(ANA).contains("106540352242922"));
    }

    @Test
    void phoneAndParentBsuidEnrichTheSameVisitor() throws Exception {
        deliverAndAwait(fixture("text-no-phone-username.json"), ANA);
        String visitor = db.visitorOf(ANA);
        deliverAndAwait(fixture("text-phone-parent.json"), ANA_PARENT);
        assertEquals(visitor, db.visitorOf(ANA_PARENT));
        assertEquals("+5511987654321", db.column(visitor, "phone"));
        assertEquals(1, db.liveVisitors());
        assertEquals(List.of(ANA, ANA_PARENT), db.entityIdsOf(visitor));
    }

    @Test
    void restVisitorWithTheSameNumberGetsTheBsuid() throws Exception {
        JsonNode rest = client.post("/api/v1/livechat/visitor", Json.of(Map.of("visitor",
                Map.of("token", "rest-ana", "name", "Ana (site)", "phone", "+55 (11) 98765-4321")))).json();
        String restId = rest.get("visitor").get("_id").asText();
        deliverAndAwait(fixture("text-phone-parent.json"), ANA);
        assertEquals(restId, db.visitorOf(ANA));
        assertEquals(restId, db.visitorOf(ANA_PARENT));
        assertEquals(1, db.liveVisitors());
        JsonNode ids = client.get("/api/v1/livechat/visitor/rest-ana").json().get("visitor").get("externalIds");
        assertEquals(2, ids.size(), ids::toString);
        assertEquals(APP, ids.get(0).get("appId").asText());
    }

    @Test
    void aRestCallerWithTheNumberOfABridgeVisitorGetsNeitherItsTokenNorItsBsuid() throws Exception {
        deliverAndAwait(fixture("text-phone-parent.json"), ANA);
        String bridgeVisitor = db.visitorOf(ANA);
        JsonNode thief = client.post("/api/v1/livechat/visitor", Json.of(Map.of("visitor",
                Map.of("token", "thief", "phone", "5511987654321")))).json().get("visitor");
        assertNotEquals(bridgeVisitor, thief.get("_id").asText());
        assertEquals("thief", thief.get("token").asText());
        assertEquals(0, thief.get("externalIds").size(), thief::toString);
        assertEquals(bridgeVisitor, db.visitorOf(ANA), "the bridge's visitor keeps its BSUID");
        assertEquals(List.of(ANA, ANA_PARENT), db.entityIdsOf(bridgeVisitor));
    }

    @Test
    void sameWamidTwiceIsProcessedOnce() throws Exception {
        String body = fixture("text-no-phone-username.json");
        deliverAndAwait(body, ANA);
        assertEquals(200, postSigned(client, body).status());
        await("inbox drained", WAIT, () -> db.kvKeys("inbox/").isEmpty());
        assertEquals(1, db.liveVisitors());
        assertEquals(1, db.kvKeys("seen/").size());
    }

    @Test
    void twentyFourSimultaneousDeliveriesForANewBsuidMakeOneVisitor() throws Exception {
        String base = fixture("text-no-phone-username.json").replace(ANA, "MX.424242424242");
        ExecutorService pool = Executors.newFixedThreadPool(24);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String body = base.replace("QjdCAA==", "QjdC" + i);
            answers.add(pool.submit(() -> {
                go.await();
                return postSigned(client, body).status();
            }));
        }
        go.countDown();
        for (Future<Integer> f : answers) {
            assertEquals(200, f.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        await("24 messages handled", WAIT, () -> db.kvKeys("seen/").size() == 24 && db.kvKeys("inbox/").isEmpty());
        assertEquals(1, db.liveVisitors());
        assertNotNull(db.visitorOf("MX.424242424242"));
        JsonNode found = admin(client).get("/api/v1/livechat/visitors.search?term=MX.424242424242").json();
        assertEquals(1, found.get("total").asInt(), found::toString);
        assertEquals(db.visitorOf("MX.424242424242"), found.get("visitors").get(0).get("_id").asText());
    }

    @Test
    void statusOnlyDeliveriesCreateNoVisitorButTeachTheRegistrationHook() throws Exception {
        assertEquals(200, postSigned(client, fixture("status-only.json")).status());
        await("contact book", WAIT, () -> db.kvKeys("phone/34600111222").size() == 1);
        assertEquals(0, db.liveVisitors());
        JsonNode visitor = client.post("/api/v1/livechat/visitor", Json.of(Map.of("visitor",
                Map.of("token", "rest-es", "phone", "+34 600 111 222")))).json().get("visitor");
        JsonNode ids = visitor.get("externalIds");
        assertEquals(1, ids.size(), visitor::toString);
        assertEquals("ES.9988776655443322", ids.get(0).get("entityId").asText());
        assertEquals(APP, ids.get(0).get("appId").asText());
    }

    @Test
    void everyMessageOfABatchIsProcessed() throws Exception {
        assertEquals(200, postSigned(client, fixture("batch.json")).status());
        await("batch", WAIT, () -> db.kvKeys("seen/").size() == 4 && db.kvKeys("inbox/").isEmpty());
        assertEquals(3, db.liveVisitors());
        String kenji = db.visitorOf("JP.5555666677778888");
        assertEquals(kenji, db.visitorOf("JP.ENT.1234123412341234"));
        assertEquals("+819012345678", db.column(kenji, "phone"));
        assertNotNull(db.visitorOf("FR.1111222233334444"));
        assertNotNull(db.visitorOf("GB.9090909090909090"));
    }

    @Test
    void accentsAndEmojiAreSignedOverTheRawBytes() throws Exception {
        deliverAndAwait(fixture("text-phone-no-username-unicode.json"), "DE.2233445566778899");
        assertEquals("Jürgen Müller 🚀", db.column(db.visitorOf("DE.2233445566778899"), "name"));
    }

    @Test
    void numberChangeKeepsOldIdsAndAttachesNewOnes() throws Exception {
        deliverAndAwait(fixture("text-phone-no-username-unicode.json"), "DE.2233445566778899");
        String visitor = db.visitorOf("DE.2233445566778899");
        deliverAndAwait(fixture("user-changed-number.json"), "DE.5566778899001122");
        assertEquals(visitor, db.visitorOf("DE.5566778899001122"));
        assertEquals(visitor, db.visitorOf("DE.2233445566778899"));
        assertEquals("+4917698765432", db.column(visitor, "phone"));
        // a late delivery from the old id still lands on the same visitor
        deliverAndAwait(fixture("text-phone-no-username-unicode.json").replace("QjdCQUQA", "QjdCQUQB"),
                "DE.2233445566778899");
        assertEquals(1, db.liveVisitors());
    }

    @Test
    void userIdRotationsAttachToTheSameVisitor() throws Exception {
        deliverAndAwait(fixture("text-phone-parent.json"), ANA);
        String visitor = db.visitorOf(ANA);
        deliverAndAwait(fixture("user-changed-user-id.json"), "BR.7700000000000001");
        deliverAndAwait(fixture("user-id-update.json"), "BR.7700000000000002");
        for (String id : List.of(ANA, ANA_PARENT, "BR.7700000000000001", "BR.ENT.99900000000000000001",
                "BR.7700000000000002")) {
            assertEquals(visitor, db.visitorOf(id), id);
        }
        assertEquals(1, db.liveVisitors());
    }

    @Test
    void erasureRemovesIdsAndTheContactBook() throws Exception {
        deliverAndAwait(fixture("text-phone-parent.json"), ANA);
        String visitor = db.visitorOf(ANA);
        String token = db.column(visitor, "token");
        assertFalse(db.kvKeys("phone/5511987654321").isEmpty());
        assertEquals(200, client.delete("/api/v1/livechat/visitor/" + token).status());
        assertNull(db.visitorOf(ANA));
        await("contact book forgotten", WAIT, () -> db.kvKeys("phone/").isEmpty() && db.kvKeys("bsuid/").isEmpty());
    }

    @Test
    void operatorEraseByIdAlsoCleansTheContactBook() throws Exception {
        deliverAndAwait(fixture("text-phone-no-username-unicode.json"), "DE.2233445566778899");
        deliverAndAwait(fixture("text-phone-parent.json"), ANA);
        String visitor = db.visitorOf("DE.2233445566778899");
        ApiClient.Response erased = admin(client).post("/api/v1/livechat/visitors.erase",
                Json.of(Map.of("visitorId", visitor)));
        assertEquals(200, erased.status(), erased::toString);
        assertNull(db.visitorOf("DE.2233445566778899"));
        await("contact book forgotten", WAIT, () -> db.kvKeys("phone/4915112345678").isEmpty()
                && db.kvKeys("bsuid/DE.2233445566778899").isEmpty());
        assertFalse(db.kvKeys("phone/5511987654321").isEmpty(), "another person's entry stays");
        assertNotNull(db.visitorOf(ANA));
    }

    /**
     * Rotations shaped as Meta and Chatwoot's specs send them (the bridge's RotationTest says where each shape
     * comes from): the visitor of {@code firstId} also holds {@code newId} afterwards, and no other visitor exists.
     */
    private String assertRotationKeepsOneVisitor(String first, String firstId, String rotation, String newId)
            throws InterruptedException {
        deliverAndAwait(fixture(first), firstId);
        String visitor = db.visitorOf(firstId);
        deliver(fixture(rotation));
        assertEquals(visitor, db.visitorOf(newId));
        assertEquals(1, db.liveVisitors(), "no second visitor");
        return visitor;
    }

    @Test
    void numberChangeWithoutFromMovesTheNumberToTheVisitorOfThePreviousId() throws Exception {
        String visitor = assertRotationKeepsOneVisitor("text-phone-no-username-unicode.json", "DE.2233445566778899",
                "user-changed-number-no-from.json", "DE.5566778899001122");
        assertEquals("+4917698765432", db.column(visitor, "phone"));
        assertTrue(db.metadataOf("DE.2233445566778899").contains("\"supersededBy\":\"DE.5566778899001122\""),
                db.metadataOf("DE.2233445566778899"));
    }

    @Test
    void aMessageFromTheNewIdBeforeItsRotationInOneDeliveryEndsAsOneVisitor() throws Exception {
        assertRotationKeepsOneVisitor("text-no-phone-username.json", ANA, "rotation-message-then-system.json",
                "BR.7700000000000001");
    }

    @Test
    void aRenameWithoutPreviousIdCreatesNoOrphanAndNestedUserIdUpdateIsRead() throws Exception {
        deliver(fixture("user-changed-user-id-no-previous.json"));
        assertEquals(0, db.liveVisitors());
        String visitor = assertRotationKeepsOneVisitor("text-phone-parent.json", ANA, "user-id-update-nested.json",
                "BR.7700000000000004");
        assertEquals(visitor, db.visitorOf("BR.ENT.99900000000000000004"));
    }

    @Test
    void profilesFollowMessageTimeAndTheSharedPhoneIsStored() throws Exception {
        deliverAndAwait(fixture("text-no-phone-username.json"), ANA);
        String visitor = db.visitorOf(ANA);
        deliver(fixture("contact-request-shared-phone.json"));
        assertEquals("+5511987654321", db.column(visitor, "phone"));

        String newer = fixture("text-no-phone-username.json").replace("QjdCAA==", "TkVXRVIwMQ==")
                .replace("1781690400", "1781690900").replace("\"Ana Souza\"", "\"Ana Maria Souza\"");
        deliver(newer);
        assertEquals("Ana Maria Souza", db.column(visitor, "name"));
        assertEquals("+5511987654321", db.column(visitor, "phone"), "a name refresh keeps the phone");
        deliver(fixture("text-no-phone-username.json").replace("QjdCAA==", "T0xERVIwMQ==")
                .replace("1781690400", "1781690600").replace("\"Ana Souza\"", "\"Ana S.\""));
        assertEquals("Ana Maria Souza", db.column(visitor, "name"), "an older message does not rewind the name");

        // a name the visitor chose is kept against later profiles
        String token = db.column(visitor, "token");
        ApiClient.Response renamed = client.post("/api/v1/livechat/visitor",
                Json.of(Map.of("visitor", Map.of("token", token, "name", "Ana (VIP)"))));
        assertEquals(200, renamed.status(), renamed::toString);
        deliver(newer.replace("TkVXRVIwMQ==", "TkVXRVIwMg==").replace("1781690900", "1781691000")
                .replace("Ana Maria Souza", "Ana M."));
        assertEquals("Ana (VIP)", db.column(visitor, "name"));
    }
}
