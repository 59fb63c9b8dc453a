package dev.switchboard.core.plugin.whatsapp;

import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.await;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.fixture;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.postSigned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.Db;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.TestHost;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WhatsApp id rotation and profile updates through the real host and the real bridge jar: signed deliveries
 * shaped as Meta and Chatwoot's specs send them (see the bridge's RotationTest for where each shape comes from),
 * checked in the host's database.
 */
class WhatsAppRotationIT {

    static final String ANA = "BR.1502576394655843";
    static final String JUERGEN = "DE.2233445566778899";
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

    private void deliver(String body) throws InterruptedException {
        ApiClient.Response r = postSigned(client, body);
        assertEquals(200, r.status(), r::toString);
        await("inbox drained", WAIT, () -> db.kvKeys("inbox/").isEmpty());
    }

    @Test
    void numberChangeWithoutFromMovesTheNumberToTheVisitorOfThePreviousId() throws Exception {
        deliver(fixture("text-phone-no-username-unicode.json"));
        String visitor = db.visitorOf(JUERGEN);
        deliver(fixture("user-changed-number-no-from.json"));
        assertEquals(visitor, db.visitorOf("DE.5566778899001122"));
        assertEquals("+4917698765432", db.column(visitor, "phone"));
        assertEquals(1, db.liveVisitors(), "no new nameless visitor");
        assertTrue(db.metadataOf(JUERGEN).contains("DE.5566778899001122"), db.metadataOf(JUERGEN));
    }

    @Test
    void aMessageFromTheNewIdBeforeItsRotationInOneDeliveryEndsAsOneVisitor() throws Exception {
        deliver(fixture("text-no-phone-username.json"));
        String visitor = db.visitorOf(ANA);
        deliver(fixture("rotation-message-then-system.json"));
        assertEquals(visitor, db.visitorOf("BR.7700000000000001"));
        assertEquals(1, db.liveVisitors());
    }

    @Test
    void aRenameWithoutPreviousIdCreatesNoOrphanAndNestedUserIdUpdateIsRead() throws Exception {
        deliver(fixture("user-changed-user-id-no-previous.json"));
        assertEquals(0, db.liveVisitors());
        assertNull(db.visitorOf("BR.7700000000000003"));

        deliver(fixture("text-phone-parent.json"));
        String visitor = db.visitorOf(ANA);
        deliver(fixture("user-id-update-nested.json"));
        assertEquals(visitor, db.visitorOf("BR.7700000000000004"));
        assertEquals(visitor, db.visitorOf("BR.ENT.99900000000000000004"));
        assertEquals(1, db.liveVisitors());
    }

    @Test
    void profilesFollowMessageTimeAndTheSharedPhoneIsStored() throws Exception {
        deliver(fixture("text-no-phone-username.json"));
        String visitor = db.visitorOf(ANA);
        String newer = fixture("text-no-phone-username.json").replace("QjdCAA==", "TkVXRVIwMQ==")
                .replace("1781690400", "1781690900").replace("\"Ana Souza\"", "\"Ana Maria Souza\"");
        deliver(newer);
        assertEquals("Ana Maria Souza", db.column(visitor, "name"));
        deliver(fixture("text-no-phone-username.json").replace("QjdCAA==", "T0xERVIwMQ==")
                .replace("1781690400", "1781690600").replace("\"Ana Souza\"", "\"Ana S.\""));
        assertEquals("Ana Maria Souza", db.column(visitor, "name"), "an older message does not rewind the name");

        deliver(fixture("contact-request-shared-phone.json"));
        assertEquals("+5511987654321", db.column(visitor, "phone"));

        // a name chosen by the visitor is kept against later profiles
        String token = db.column(visitor, "token");
        ApiClient.Response renamed = client.post("/api/v1/livechat/visitor",
                Json.of(Map.of("visitor", Map.of("token", token, "name", "Ana (VIP)"))));
        assertEquals(200, renamed.status(), renamed::toString);
        deliver(newer.replace("TkVXRVIwMQ==", "TkVXRVIwMg==").replace("1781690900", "1781691000")
                .replace("Ana Maria Souza", "Ana M."));
        assertEquals("Ana (VIP)", db.column(visitor, "name"));
    }
}
