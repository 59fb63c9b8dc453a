package dev.switchboard.core.conversation;

import static dev.switchboard.core.conversation.ConversationIT.BASE;
import static dev.switchboard.core.conversation.ConversationIT.assertError;
import static dev.switchboard.core.conversation.ConversationIT.ok;
import static dev.switchboard.core.conversation.ConversationIT.openRoom;
import static dev.switchboard.core.conversation.ConversationIT.send;
import static dev.switchboard.core.conversation.ConversationIT.visitor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.ManualSelectionHost;
import dev.switchboard.core.testing.Operators;
import dev.switchboard.core.testing.Sql;
import dev.switchboard.core.testing.TestHost;
import dev.switchboard.core.testing.WebhookReceiver;
import dev.switchboard.core.testing.WebhookReceiver.Request;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Omnichannel webhooks out, against a real receiver on loopback: every event in Rocket.Chat's shape with
 * Switchboard's headers, in order per room; a receiver outage then recovery; dead letters listed and replayed;
 * and {@code livechat/webhook.test}.
 */
class WebhookIT {
    private static final String SECRET = WebhookReceiver.SECRET;
    private static WebhookDesk desk;
    private static TestHost host;
    private static ApiClient api;
    private static Operators operators;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        desk = WebhookDesk.start(Duration.ofSeconds(1));
        host = desk.host();
        api = desk.api();
        operators = desk.operators();
        receiver = desk.receiver();
    }

    @AfterAll
    static void stop() {
        desk.close();
    }

    /** The distinct requests about room {@code rid}, in arrival order. */
    static List<Request> ofRoom(List<Request> received, String rid) {
        return WebhookReceiver.distinct(received).stream()
                .filter(request -> rid.equals(request.json().path("_id").asText())).toList();
    }

    static List<String> types(List<Request> requests) {
        return requests.stream().map(request -> request.json().get("type").asText()).toList();
    }

    /** Rocket.Chat's secret header and Switchboard's event id and signature, checked on every request. */
    static void assertSigned(List<Request> requests) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        for (Request request : requests) {
            assertEquals(SECRET, request.header("X-RocketChat-Livechat-Token"));
            assertEquals("application/json", request.header("Content-Type"));
            assertFalse(request.eventId() == null || request.eventId().isEmpty());
            String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(request.body()));
            assertTrue(MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    request.header("X-Switchboard-Signature").getBytes(StandardCharsets.US_ASCII)),
                    request.header("X-Switchboard-Signature"));
        }
    }

    @Test
    void everyEventReachesTheDeskInOrderWithRocketChatsFieldsAndSwitchboardsHeaders() throws Exception {
        ManualSelectionHost.routing(operators.admin(), "Auto_Selection");
        DeskIT.user(operators.admin(), api, List.of("agent")); // at least one agent online
        String token = visitor(api, "Webhook Visitor");
        JsonNode opened = openRoom(api, token);
        String rid = opened.get("_id").asText();
        String agentId = opened.at("/servedBy/_id").asText();
        send(api, token, rid, "hello desk");
        // The admin (a manager) answers: Auto_Selection may have given the room to another test's agent.
        ok(operators.admin().post("/api/v1/chat.sendMessage", Json.of(Map.of("message",
                Map.of("rid", rid, "msg", "hello visitor")))));
        ok(api.post(BASE + "/room.close", Json.of(Map.of("rid", rid, "token", token))));

        List<Request> room = ofRoom(receiver.await(got -> ofRoom(got, rid).size() >= 5, 30), rid);
        assertEquals(List.of("LivechatSessionStart", "LivechatSessionTaken", "Message", "Message",
                "LivechatSession"), types(room));
        assertSigned(room);
        assertEquals(5, new HashSet<>(room.stream().map(Request::eventId).toList()).size());

        JsonNode start = room.get(0).json();
        assertEquals(token, start.at("/visitor/token").asText());
        assertEquals("Webhook Visitor", start.at("/visitor/name").asText());
        assertTrue(start.at("/visitor/externalIds").isArray());
        assertEquals("api", start.at("/source/type").asText());
        assertTrue(start.has("createdAt") && start.has("lastMessageAt") && start.get("messages").isArray());
        assertTrue(start.path("agent").isMissingNode(), "no agent yet when the chat starts");

        JsonNode taken = room.get(1).json();
        assertFalse(agentId.isEmpty());
        assertEquals(agentId, taken.at("/servedBy/_id").asText());
        assertEquals(agentId, taken.at("/agent/_id").asText());
        String username = taken.at("/agent/username").asText();
        assertEquals(username + "@example.com", taken.at("/agent/email").asText());

        JsonNode visitorMessage = room.get(2).json().at("/messages/0");
        assertEquals("hello desk", visitorMessage.get("msg").asText());
        assertEquals(rid, visitorMessage.get("rid").asText());
        assertNull(visitorMessage.get("agentId"));
        JsonNode agentMessage = room.get(3).json().at("/messages/0");
        assertEquals("hello visitor", agentMessage.get("msg").asText());
        assertEquals("admin", agentMessage.get("agentId").asText());

        JsonNode closed = room.get(4).json();
        assertEquals("visitor", closed.get("closer").asText());
        assertTrue(closed.has("closedAt") && closed.has("closedBy") && closed.has("servedBy"));
        List<String> texts = new ArrayList<>();
        closed.get("messages").forEach(message -> texts.add(message.get("msg").asText()));
        assertEquals(List.of("hello desk", "hello visitor", "Closed by visitor"), texts);
        assertTrue(closed.at("/messages/2/closingMessage").asBoolean());
    }

    @Test
    void aQueuedRoomThenTakenFromTheQueueAndAnOfflineMessage() throws Exception {
        ManualSelectionHost.routing(operators.admin(), "Manual_Selection");
        try {
            DeskIT.Desk agent = DeskIT.user(operators.admin(), api, List.of("agent"));
            String token = visitor(api, "Queued Visitor");
            String rid = openRoom(api, token).get("_id").asText();
            JsonNode queue = ok(agent.client().get(BASE + "/inquiries.queuedForUser"));
            String inquiry = null;
            for (JsonNode item : queue.get("inquiries")) {
                if (rid.equals(item.get("rid").asText())) {
                    inquiry = item.get("_id").asText();
                }
            }
            ok(agent.client().post(BASE + "/inquiries.take", Json.of(Map.of("inquiryId", inquiry))));
            List<Request> room = ofRoom(receiver.await(got -> ofRoom(got, rid).size() >= 3, 30), rid);
            assertEquals(List.of("LivechatSessionStart", "LivechatSessionQueued", "LivechatSessionTaken"),
                    types(room));
            assertEquals(agent.id(), room.get(2).json().at("/servedBy/_id").asText());
        } finally {
            ManualSelectionHost.routing(operators.admin(), "Auto_Selection");
        }

        ok(api.post(BASE + "/offline.message", Json.of(Map.of("name", "Offline Olga", "email", "olga@example.com",
                "message", "call me back"))));
        Request offline = receiver.await(got -> got.stream().anyMatch(WebhookIT::isOlga), 30).stream()
                .filter(WebhookIT::isOlga).findFirst().orElseThrow();
        assertSigned(List.of(offline));
        JsonNode body = offline.json();
        assertEquals("LivechatOfflineMessage", body.get("type").asText());
        assertEquals("olga@example.com", body.at("/visitor/email").asText());
        assertEquals("call me back", body.get("message").asText());
        assertTrue(body.has("sentAt"));
    }

    private static boolean isOlga(Request request) {
        return "Offline Olga".equals(request.json().at("/visitor/name").asText());
    }

    @Test
    void aReceiverDownThenBackGetsTheBacklogInOrder() throws Exception {
        String token = visitor(api, "Patient Visitor");
        String rid = openRoom(api, token).get("_id").asText();
        receiver.answer(503);
        List<String> sent = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                sent.add("backlog " + i);
                send(api, token, rid, "backlog " + i);
            }
            Thread.sleep(2_500); // several failed tries, backing off
            assertTrue(ofRoom(receiver.received(), rid).stream().noneMatch(r -> "Message".equals(
                    r.json().get("type").asText())));
        } finally {
            receiver.answer(200);
        }
        List<Request> room = ofRoom(receiver.await(got -> messagesOf(ofRoom(got, rid)).size() >= 30, 60), rid);
        assertEquals(sent, messagesOf(room));
    }

    @Test
    void aRoomWhoseEventsFailDoesNotHoldUpOtherRooms() throws Exception {
        String stuckToken = visitor(api, "Stuck Visitor");
        String stuck = openRoom(api, stuckToken).get("_id").asText();
        String token = visitor(api, "Flowing Visitor");
        String rid = openRoom(api, token).get("_id").asText();
        receiver.answer(stuck, 503);
        List<String> sent = new ArrayList<>();
        try {
            send(api, stuckToken, stuck, "stuck 0");
            send(api, stuckToken, stuck, "stuck 1");
            for (int i = 0; i < 20; i++) {
                sent.add("flowing " + i);
                send(api, token, rid, "flowing " + i);
            }
            List<Request> flowing = ofRoom(receiver.await(got -> messagesOf(ofRoom(got, rid)).size() >= 20, 60), rid);
            assertEquals(sent, messagesOf(flowing));
            assertEquals(List.of(), messagesOf(ofRoom(receiver.received(), stuck)), "the stuck room was refused");
        } finally {
            receiver.answer(stuck, null);
        }
        List<Request> late = ofRoom(receiver.await(got -> messagesOf(ofRoom(got, stuck)).size() >= 2, 60), stuck);
        assertEquals(List.of("stuck 0", "stuck 1"), messagesOf(late));
    }

    static List<String> messagesOf(List<Request> room) {
        return room.stream().filter(request -> "Message".equals(request.json().get("type").asText()))
                .map(request -> request.json().at("/messages/0/msg").asText()).toList();
    }

    @Test
    void eventsARefusingReceiverRejectsAreDeadLettersThatAnAdminListsAndReplays() throws Exception {
        String token = visitor(api, "Refused Visitor");
        String rid = openRoom(api, token).get("_id").asText();
        receiver.answer(410); // not worth retrying: dead at once
        List<String> dead = new ArrayList<>();
        try {
            send(api, token, rid, "refused one");
            send(api, token, rid, "refused two");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (dead.size() < 2 && System.nanoTime() < deadline) {
                dead.clear();
                JsonNode letters = ok(operators.admin().get(BASE + "/webhooks.deadLetters?count=100"));
                for (JsonNode letter : letters.get("deadLetters")) {
                    if (rid.equals(letter.path("rid").asText()) && "Message".equals(letter.get("type").asText())) {
                        assertEquals("HTTP 410", letter.get("lastError").asText());
                        assertEquals(1, letter.get("attempts").asInt());
                        dead.add(letter.get("_id").asText());
                    }
                }
                Thread.sleep(100);
            }
        } finally {
            receiver.answer(200);
        }
        assertEquals(2, dead.size());
        assertTrue(messagesOf(ofRoom(receiver.received(), rid)).isEmpty());

        DeskIT.Desk agent = DeskIT.user(operators.admin(), api, List.of("agent"));
        assertEquals(403, agent.client().get(BASE + "/webhooks.deadLetters").status());
        assertError(operators.admin().post(BASE + "/webhooks.deadLetters.replay", Json.of(Map.of("ids", List.of()))),
                400, "ids must be an array of 1 to 500 ids [invalid-params]", "invalid-params");

        List<String> ids = new ArrayList<>(dead);
        ids.add("not-a-dead-letter");
        JsonNode replayed = ok(operators.admin().post(BASE + "/webhooks.deadLetters.replay",
                Json.of(Map.of("ids", ids))));
        assertEquals(dead.size(), replayed.get("replayed").size());
        List<Request> room = ofRoom(receiver.await(got -> messagesOf(ofRoom(got, rid)).size() >= 2, 30), rid);
        assertEquals(List.of("refused one", "refused two"), messagesOf(room));
        assertEquals(new HashSet<>(dead), new HashSet<>(room.stream().filter(request -> "Message".equals(
                request.json().get("type").asText())).map(Request::eventId).toList()),
                "a replayed event keeps its id");
        JsonNode after = ok(operators.admin().get(BASE + "/webhooks.deadLetters?count=100"));
        after.get("deadLetters").forEach(letter -> assertFalse(dead.contains(letter.get("_id").asText())));
    }

    @Test
    void webhookTestSendsRocketChatsSampleAndAnswersItsErrors() throws Exception {
        ApiClient admin = operators.admin();
        DeskIT.Desk agent = DeskIT.user(admin, api, List.of("agent"));
        assertEquals(403, agent.client().post(BASE + "/webhook.test", "{}").status());
        assertEquals(401, api.post(BASE + "/webhook.test", "{}").status());

        int before = receiver.received().size();
        ok(admin.post(BASE + "/webhook.test", "{}"));
        Request sample = receiver.await(got -> got.size() > before, 30).get(before);
        assertEquals("LivechatSession", sample.json().get("type").asText());
        assertEquals("fasd6f5a4sd6f8a4sdf", sample.json().get("_id").asText());
        assertSigned(List.of(sample));

        receiver.answer(500);
        try {
            assertError(admin.post(BASE + "/webhook.test", "{}"), 400, "error-invalid-webhook-response", null);
        } finally {
            receiver.answer(200);
        }
        ok(admin.post("/api/v1/settings/Livechat_webhookUrl", Json.of(Map.of("value", ""))));
        try {
            assertError(admin.post(BASE + "/webhook.test", "{}"), 400, "Webhook_URL_not_set", null);
        } finally {
            ok(admin.post("/api/v1/settings/Livechat_webhookUrl", Json.of(Map.of("value", receiver.url()))));
        }
    }

    @Test
    void theSecretTokenIsSealedAtRestAndNeverAnswered() throws Exception {
        JsonNode setting = ok(operators.admin().get("/api/v1/settings/Livechat_secret_token"));
        assertFalse(setting.toString().contains(SECRET), setting.toString());
        String stored = new Sql(host).scalar("SELECT value FROM settings WHERE id = ?", "Livechat_secret_token");
        assertFalse(stored.contains(SECRET), "stored sealed");
        assertTrue(stored.startsWith("\"v1:"), stored);
    }
}
