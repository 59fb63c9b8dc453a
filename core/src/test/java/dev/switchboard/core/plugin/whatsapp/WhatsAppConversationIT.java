package dev.switchboard.core.plugin.whatsapp;

import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.ADMIN_TOKEN;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.APP;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.APP_SECRET;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.VERIFY_TOKEN;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.admin;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.await;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.fixture;
import static dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.postSigned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness.Db;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.TestHost;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WhatsApp conversations both ways, end to end: the real host with the real bridge jar, signed deliveries over
 * HTTP as Meta sends them, an agent answering with {@code chat.sendMessage}, and a fake Graph API on loopback that
 * records what the bridge sends.
 */
class WhatsAppConversationIT {

    static final String ANA = "BR.1502576394655843";
    static final String GRAPH_TOKEN = "EAAG-it-access-token";
    static final Duration WAIT = Duration.ofSeconds(30);
    /** The bridge's periodic drain ({@code WhatsAppBridgeApp.DRAIN_EVERY}). */
    static final Duration PERIODIC_DRAIN = Duration.ofSeconds(20);

    private FakeGraphApi graph;
    private List<FakeGraphApi.Call> graphCalls;
    private TestHost host;
    private ApiClient client;
    private Db db;

    @BeforeEach
    void start() throws Exception {
        graph = new FakeGraphApi(ANA);
        graphCalls = graph.calls();
        host = TestHost.start(b -> b.pluginsDir(WhatsAppBridgeHarness.pluginsDirWithBridge()).adminToken(ADMIN_TOKEN));
        client = host.client();
        db = Db.of(host);
        ApiClient.Response r = admin(client).post("/api/apps/" + APP + "/settings", Json.of(Map.of("settings",
                Map.of("verifyToken", VERIFY_TOKEN, "appSecret", APP_SECRET, "accessToken", GRAPH_TOKEN,
                        "graphBaseUrl", graph.baseUrl(),
                        "graphApiVersion", "v24.0"))));
        assertEquals(200, r.status(), r::toString);
        // the agent takes the room by answering it
        ok(admin(client).post("/api/v1/settings/Livechat_Routing_Method",
                Json.of(Map.of("value", "Manual_Selection"))));
    }

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
        if (graph != null) {
            graph.close();
        }
    }

    private static JsonNode ok(ApiClient.Response r) {
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    /** Ana's text (phone withheld: BSUID and username only), sent {@code age} ago by Meta's clock. */
    private static String anasText(Duration age, String wamid, String bsuid) {
        return fixture("text-no-phone-username.json")
                .replace("1781690400", Long.toString(Instant.now().minus(age).getEpochSecond()))
                .replace("wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNFQjBDMEE4RjQ1RTlBNzE2QjdCAA==", wamid)
                .replace(ANA, bsuid);
    }

    private void deliver(String body) throws InterruptedException {
        ApiClient.Response r = postSigned(client, body);
        assertEquals(200, r.status(), r::toString);
        await("inbox drained", WAIT, () -> db.kvKeys("inbox/").isEmpty());
    }

    /** An agent, logged in. */
    private ApiClient agent() {
        String username = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        ok(admin(client).post("/api/v1/users.create", Json.of(Map.of("username", username, "name", "Agent Smith",
                "email", username + "@example.com", "password", "agent-password-1", "roles", List.of("agent")))));
        JsonNode data = ok(client.post("/api/v1/login", Json.of(Map.of("user", username,
                "password", "agent-password-1")))).get("data");
        return client.withHeaders(Map.of("X-User-Id", data.get("userId").asText(),
                "X-Auth-Token", data.get("authToken").asText()));
    }

    /** The visitor's token and its WhatsApp room's id (the room of the business number +1 555 078 3881). */
    private String[] visitorAndRoom(String bsuid) {
        return visitorAndRoomOn(bsuid, "WhatsApp +15550783881");
    }

    private String[] visitorAndRoomOn(String bsuid, String alias) {
        String visitorId = db.visitorOf(bsuid);
        assertNotNull(visitorId, bsuid + " linked");
        String token = db.column(visitorId, "token");
        JsonNode rooms = ok(admin(client).get("/api/v1/livechat/visitor/" + token + "/room")).get("rooms");
        assertEquals(1, rooms.size(), rooms::toString);
        String rid = rooms.get(0).get("_id").asText();
        JsonNode room = ok(client.get("/api/v1/livechat/room?token=" + token + "&rid=" + rid)).get("room");
        assertEquals("app", room.get("source").get("type").asText());
        assertEquals(APP, room.get("source").get("id").asText());
        assertEquals(alias, room.get("source").get("alias").asText());
        return new String[] {token, rid};
    }

    private JsonNode history(String token, String rid) {
        return ok(client.get("/api/v1/livechat/messages.history/" + rid + "?token=" + token)).get("messages");
    }

    private JsonNode messageWithId(String token, String rid, String id) {
        for (JsonNode m : history(token, rid)) {
            if (m.get("_id").asText().equals(id)) {
                return m;
            }
        }
        throw new AssertionError("no message " + id + " in " + rid);
    }

    @Test
    void aBsuidOnlyUsersMessageIsAnsweredThroughTheGraphApiAndReadReceiptsCome() throws Exception {
        deliver(anasText(Duration.ofMinutes(5), "wamid.IT-IN-1", ANA));
        String[] vr = visitorAndRoom(ANA);
        JsonNode inbound = history(vr[0], vr[1]);
        assertEquals("Oi, preciso de ajuda com o pedido 4711",
                inbound.findValues("msg").stream().map(JsonNode::asText)
                        .filter(m -> m.startsWith("Oi")).findFirst().orElseThrow());

        ApiClient agent = agent();
        String replyId = ok(agent.post("/api/v1/chat.sendMessage", Json.of(Map.of("message",
                Map.of("rid", vr[1], "msg", "Olá Ana! Já verifico o pedido 4711."))))).get("message").get("_id")
                .asText();
        await("the Graph API called", WAIT, () -> !graphCalls.isEmpty());
        FakeGraphApi.Call call = graphCalls.get(0);
        assertEquals("POST", call.method());
        assertEquals("/v24.0/106540352242922/messages", call.path());
        assertEquals("Bearer " + GRAPH_TOKEN, call.authorization());
        assertEquals(FakeGraphApi.parse(("{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\","
                + "\"recipient\":\"" + ANA + "\",\"type\":\"text\",\"text\":{\"preview_url\":false,"
                + "\"body\":\"Olá Ana! Já verifico o pedido 4711.\"}}").getBytes(StandardCharsets.UTF_8)), call.body());
        assertFalse(call.body().has("to"), "a BSUID never goes in 'to'");

        deliver("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{"
                + "\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{"
                + "\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"106540352242922\"},"
                + "\"statuses\":[{\"id\":\"wamid.GRAPH-1\",\"status\":\"delivered\",\"timestamp\":\""
                + Instant.now().getEpochSecond() + "\",\"recipient_user_id\":\"" + ANA + "\"},"
                + "{\"id\":\"wamid.GRAPH-1\",\"status\":\"read\",\"timestamp\":\"" + Instant.now().getEpochSecond()
                + "\",\"recipient_user_id\":\"" + ANA + "\"}]}}]}]}");
        // Meta's status may overtake the host's record of the send; the bridge then reports it again at its next
        // periodic drain (every 20 s), so this wait allows one more drain than the others.
        await("the reply marked read", WAIT.plus(PERIODIC_DRAIN),
                () -> "read".equals(messageWithId(vr[0], vr[1], replyId).path("channel").path("status").asText()));
        assertEquals(1, graphCalls.size());
    }

    @Test
    void outsideTheWindowTheReplyFailsWithAClearReasonAndNothingReachesMeta() throws Exception {
        String late = "BR.7788990011223344";
        deliver(anasText(Duration.ofHours(25), "wamid.IT-IN-OLD", late));
        String[] vr = visitorAndRoom(late);
        ApiClient agent = agent();
        String replyId = ok(agent.post("/api/v1/chat.sendMessage", Json.of(Map.of("message",
                Map.of("rid", vr[1], "msg", "Ainda precisa de ajuda?"))))).get("message").get("_id").asText();
        await("the reply failed", WAIT,
                () -> "failed".equals(messageWithId(vr[0], vr[1], replyId).path("channel").path("status").asText()));
        JsonNode channel = messageWithId(vr[0], vr[1], replyId).get("channel");
        assertEquals("window_closed", channel.path("error").path("code").asText(), channel::toString);
        assertTrue(channel.path("error").path("title").asText().contains("24-hour customer-service window"),
                channel::toString);
        assertTrue(graphCalls.isEmpty(), "no Graph call outside the window");
    }

    /** The room's messages that carry a channel member, by the wamid they came with. */
    private Map<String, JsonNode> channelMessages(String token, String rid) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        JsonNode history = ok(client.get("/api/v1/livechat/messages.history/" + rid + "?token=" + token
                + "&limit=100")).get("messages");
        for (JsonNode m : history) {
            if (m.has("channel")) {
                out.put(m.get("channel").get("id").asText(), m);
            }
        }
        return out;
    }

    @Test
    void deliveriesOfEveryKindEndAsTheRoomMessagesTheyDescribe() throws Exception {
        deliver(fixture("every-kind.json"));
        String[] ana = visitorAndRoom(ANA);
        Map<String, JsonNode> messages = channelMessages(ana[0], ana[1]);
        // 17 of Ana's messages; KIND-02 was revoked (history no longer shows it), KIND-15 and -16 changed others
        assertEquals(15, messages.size(), messages.keySet()::toString);
        assertFalse(messages.containsKey("wamid.KIND-02"), "revoked");
        JsonNode edited = messages.get("wamid.KIND-01");
        assertEquals("Oi, preciso de ajuda com o pedido 4712", edited.get("msg").asText());
        assertTrue(edited.has("editedAt"), edited::toString);
        assertEquals("ad", edited.get("channel").get("referral").get("sourceType").asText(), edited::toString);
        JsonNode document = messages.get("wamid.KIND-05").get("channel").get("content");
        assertEquals("1047583206124804", document.get("mediaId").asText());
        assertEquals("contrato-4711.pdf", document.get("fileName").asText());
        assertEquals("Contrato", messages.get("wamid.KIND-05").get("msg").asText());
        assertEquals("location", messages.get("wamid.KIND-07").get("channel").get("content").get("type").asText());
        assertEquals("Carla Lima", messages.get("wamid.KIND-08").get("msg").asText());
        JsonNode list = messages.get("wamid.KIND-09").get("channel");
        assertEquals("slot-2", list.get("content").get("id").asText());
        assertEquals("wamid.OUT-LIST", list.get("replyTo").asText());
        assertEquals("Parar promoções", messages.get("wamid.KIND-11").get("msg").asText());
        assertEquals("Para entrega hoje", messages.get("wamid.KIND-13").get("msg").asText());
        JsonNode unsupported = messages.get("wamid.KIND-14").get("channel");
        assertEquals("131051", unsupported.get("errors").get(0).get("code").asText(), unsupported::toString);
        assertEquals("131000", messages.get("wamid.KIND-19").get("channel").get("errors").get(0).get("code")
                .asText());

        String[] kenji = visitorAndRoomOn("JP.9999000011112222", "WhatsApp +15550783882");
        assertEquals("Kenji Sato changed from 819012345678 to 819087654321",
                channelMessages(kenji[0], kenji[1]).get("wamid.KIND-18").get("msg").asText());
        assertEquals(db.visitorOf("JP.5555666677778888"), db.visitorOf("JP.9999000011112222"),
                "the changed number ends as one visitor");

        deliver(fixture("every-kind.json"));
        assertEquals(messages.keySet(), channelMessages(ana[0], ana[1]).keySet(), "Meta's retry adds nothing");
    }
}
