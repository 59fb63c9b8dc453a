package dev.switchboard.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Await;
import dev.switchboard.core.testing.DdpClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.TestHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A channel app's conversations both ways, with the real fixture plugins {@code test-channel} and its twin (the same
 * code as another app): inbound messages (idempotent, in the app's room, in history and on the websocket), agents'
 * replies handed to the app (retries with backoff, failure with a reason, receipts visible to agents and on the
 * websocket), and one app never reaching another's rooms.
 */
class ChannelConversationsIT {
    private static final String APP = "test-channel";
    private static final String TWIN = "test-channel-twin";
    private static TestHost host;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        host = PluginFixtures.startWith("channel", "channel-twin");
        admin = PluginFixtures.admin(host);
        PluginFixtures.awaitStatus(host, APP, "auto_enabled");
        PluginFixtures.awaitStatus(host, TWIN, "auto_enabled");
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @Test
    void inboundMessagesAreStoredOnceInTheAppsRoomAndReachHistoryAndTheWebsocket() throws Exception {
        String token = visitor();
        JsonNode first = post(APP, token, "wamid.A1", "Olá, preciso de ajuda");
        assertTrue(first.get("created").asBoolean());
        String rid = first.get("roomId").asText();

        JsonNode room = room(rid);
        assertEquals("app", room.get("source").get("type").asText());
        assertEquals(APP, room.get("source").get("id").asText());
        assertEquals("WhatsApp +1 555 0100", room.get("source").get("alias").asText());

        try (DdpClient visitor = DdpClient.connected(host.port())) {
            visitor.subscribeAsVisitor("s1", "stream-room-messages", rid, token);
            Map<String, Object> location = body(token, "wamid.A2", null);
            location.put("kind", "location");
            location.put("lat", -23.5505);
            location.put("lng", -46.6333);
            location.put("name", "Praça da Sé");
            JsonNode second = ok(APP, "post", location);
            JsonNode event = visitor.next(frame -> frame.path("fields").path("eventName").asText().equals(rid));
            JsonNode message = event.get("fields").get("args").get(0);
            assertEquals(second.get("messageId").asText(), message.get("_id").asText());
            assertEquals("Praça da Sé", message.get("msg").asText());
            assertEquals(token, message.get("token").asText());
            assertEquals("in", message.get("channel").get("direction").asText());
            assertEquals("wamid.A2", message.get("channel").get("id").asText());
            assertEquals(-46.6333, message.get("location").get("coordinates").get(0).asDouble());

            // A retried delivery of the same channel message: the same message, nothing new published or stored.
            JsonNode retried = post(APP, token, "wamid.A1", "Olá, preciso de ajuda");
            assertFalse(retried.get("created").asBoolean());
            assertEquals(first.get("messageId").asText(), retried.get("messageId").asText());
            visitor.assertSilentFor(Duration.ofMillis(300));
        }

        JsonNode history = history(token, rid);
        List<String> texts = new ArrayList<>();
        history.forEach(message -> texts.add(message.get("msg").asText()));
        assertEquals(List.of("Praça da Sé", "Olá, preciso de ajuda"), texts.subList(0, 2));
        assertEquals(1, texts.stream().filter("Olá, preciso de ajuda"::equals).count(), texts::toString);
        JsonNode text = history.get(1).get("channel");
        assertEquals(APP, text.get("app").asText());
        assertEquals("text", text.get("content").get("type").asText());
        assertEquals(1_700_000_000_000L, text.get("sentAt").asLong());
    }

    @Test
    void contentRepliesAndChannelErrorsAreKept() {
        String token = visitor();
        Map<String, Object> image = body(token, "wamid.B1", null);
        image.put("kind", "image");
        image.put("mediaId", "media-77");
        image.put("mimeType", "image/jpeg");
        image.put("caption", "o recibo");
        image.put("replyTo", "wamid.earlier");
        image.put("errors", List.of(Map.of("code", "131051", "title", "Unsupported message type")));
        String rid = ok(APP, "post", image).get("roomId").asText();
        JsonNode message = history(token, rid).get(0);
        assertEquals("o recibo", message.get("msg").asText());
        JsonNode channel = message.get("channel");
        assertEquals("image", channel.get("content").get("type").asText());
        assertEquals("media-77", channel.get("content").get("mediaId").asText());
        assertEquals(2048, channel.get("content").get("size").asInt());
        assertEquals("wamid.earlier", channel.get("replyTo").asText());
        assertEquals("131051", channel.get("errors").get(0).get("code").asText());
    }

    @Test
    void anAgentsReplyIsHandedToTheAppAndItsReceiptsReachAgentsAndTheWebsocket() throws Exception {
        String token = visitor();
        String rid = post(APP, token, "wamid.C1", "Tem alguém aí?").get("roomId").asText();
        JsonNode sent = agentSends(rid, "Sim, estou aqui");
        assertEquals("pending", sent.get("channel").get("status").asText());
        assertEquals("out", sent.get("channel").get("direction").asText());
        String id = sent.get("_id").asText();

        JsonNode handed = awaitHanded(id, 1).get(0);
        assertEquals(rid, handed.get("roomId").asText());
        assertEquals(token, handed.get("visitorToken").asText());
        assertEquals("Sim, estou aqui", handed.get("text").asText());
        assertTrue(handed.hasNonNull("lastInboundAt"), handed::toString);
        awaitStatus(rid, id, "accepted");
        assertEquals("out-" + id, agentView(rid, id).get("channel").get("id").asText());

        try (DdpClient visitor = DdpClient.connected(host.port())) {
            visitor.subscribeAsVisitor("s1", "stream-room-messages", rid, token);
            assertTrue(receipt(APP, "out-" + id, "delivered"));
            JsonNode update = visitor.next(frame -> frame.path("fields").path("eventName").asText().equals(rid))
                    .get("fields").get("args").get(0);
            assertEquals(id, update.get("_id").asText());
            assertEquals("delivered", update.get("channel").get("status").asText());
            assertTrue(receipt(APP, "out-" + id, "read"));
            // A late "sent" never moves a read message back, and publishes nothing.
            assertTrue(receipt(APP, "out-" + id, "read"));
            visitor.next(frame -> frame.path("fields").path("eventName").asText().equals(rid));
            assertTrue(receipt(APP, "out-" + id, "sent"));
            visitor.assertSilentFor(Duration.ofMillis(300));
        }
        assertEquals("read", agentView(rid, id).get("channel").get("status").asText());
        assertFalse(receipt(APP, "out-unknown", "read"));
    }

    @Test
    void retryLaterIsHandedOverAgainAfterABackoffAndFailedKeepsTheReason() throws Exception {
        String token = visitor();
        String rid = post(APP, token, "wamid.D1", "Oi").get("roomId").asText();

        String retried = agentSends(rid, "retry: the channel is busy").get("_id").asText();
        List<JsonNode> attempts = awaitHanded(retried, 2);
        assertEquals(List.of(1, 2), List.of(attempts.get(0).get("attempt").asInt(),
                attempts.get(1).get("attempt").asInt()));
        long gap = attempts.get(1).get("at").asLong() - attempts.get(0).get("at").asLong();
        assertTrue(gap >= 900, "the host's first backoff is a second; waited " + gap + " ms");
        awaitStatus(rid, retried, "accepted");

        String waited = agentSends(rid, "wait: rate limited").get("_id").asText();
        List<JsonNode> waits = awaitHanded(waited, 2);
        long asked = waits.get(1).get("at").asLong() - waits.get(0).get("at").asLong();
        assertTrue(asked >= 290, "the app asked for 300 ms; waited " + asked + " ms");
        awaitStatus(rid, waited, "accepted");

        String thrown = agentSends(rid, "throw: the API is down").get("_id").asText();
        awaitHanded(thrown, 2);
        awaitStatus(rid, thrown, "accepted");

        String failed = agentSends(rid, "fail: outside the window").get("_id").asText();
        awaitStatus(rid, failed, "failed");
        JsonNode error = agentView(rid, failed).get("channel").get("error");
        assertEquals("131047", error.get("code").asText());
        assertEquals("Re-engagement message", error.get("title").asText());
        Thread.sleep(1200); // a failed message is never handed over again
        assertEquals(1, handed(failed).size());
    }

    @Test
    void postAllStoresEachMessageAsPostDoesInOneCallAndRefusesOnlyTheOnesPostWouldFailFor() throws Exception {
        String ana = visitor();
        String bia = visitor();
        String widget = visitor();
        assertEquals(200, host.client().get("/api/v1/livechat/room?token=" + widget).status());
        String anaRoom = post(APP, ana, "wamid.P0", "primeira").get("roomId").asText();
        List<Object> posts = List.of(body(ana, "wamid.P1", "um"), body(widget, "wamid.P2", "widget"),
                body(bia, "wamid.P3", "três"), body("no-such-token", "wamid.P4", "ninguém"),
                body(ana, "wamid.P5", "cinco"), body(ana, "wamid.P0", "primeira, de novo"));
        JsonNode outcomes;
        try (DdpClient visitor = DdpClient.connected(host.port())) {
            visitor.subscribeAsVisitor("s1", "stream-room-messages", anaRoom, ana);
            outcomes = ok(APP, "postAll", Map.of("posts", posts)).get("outcomes");
            List<String> published = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                published.add(visitor.next(frame -> frame.path("fields").path("eventName").asText().equals(anaRoom))
                        .get("fields").get("args").get(0).get("msg").asText());
            }
            assertEquals(List.of("um", "cinco"), published, "published once each, in the list's order");
            visitor.assertSilentFor(Duration.ofMillis(300));
        }
        assertEquals(6, outcomes.size());
        assertTrue(outcomes.get(0).get("created").asBoolean());
        assertEquals(anaRoom, outcomes.get(0).get("roomId").asText());
        assertEquals("ROOM_UNAVAILABLE", outcomes.get(1).get("refusal").asText());
        assertTrue(outcomes.get(2).get("created").asBoolean());
        assertNotEquals(anaRoom, outcomes.get(2).get("roomId").asText(), "Bia's room, opened now");
        assertEquals("VISITOR_NOT_FOUND", outcomes.get(3).get("refusal").asText());
        assertTrue(outcomes.get(4).get("created").asBoolean());
        assertFalse(outcomes.get(5).get("created").asBoolean(), "a channel id posted before stays one message");

        List<String> texts = new ArrayList<>();
        history(ana, anaRoom).forEach(message -> texts.add(message.get("msg").asText()));
        assertEquals(List.of("cinco", "um", "primeira"), texts.subList(0, 3), "newest first, in the list's order");
        assertEquals(1, texts.stream().filter("primeira"::equals).count(), texts::toString);
        assertEquals("três", history(bia, outcomes.get(2).get("roomId").asText()).get(0).get("msg").asText());
    }

    @Test
    void anAppNeverReachesAnotherAppsRoomsOrMessages() throws Exception {
        String token = visitor();
        JsonNode mine = post(APP, token, "wamid.E1", "só para o primeiro app");
        String rid = mine.get("roomId").asText();

        // The twin cannot read the room, post into it, open it, or touch its messages.
        ApiClient.Response read = PluginFixtures.call(host, TWIN, "POST", "channel/room", Map.of("roomId", rid));
        assertEquals(404, read.status(), read::toString);
        ApiClient.Response posted = PluginFixtures.call(host, TWIN, "POST", "channel/post",
                body(token, "wamid.E2", "intruso"));
        assertEquals(409, posted.status(), posted::toString);
        assertFalse(posted.text().contains(rid), posted::toString);
        assertFalse(ok(TWIN, "edit", Map.of("id", "wamid.E1", "text", "changed")).get("edited").asBoolean());
        assertFalse(ok(TWIN, "revoke", Map.of("id", "wamid.E1")).get("revoked").asBoolean());
        // The same channel message id is the twin's own: a different key, refused only because the room is taken.
        assertEquals(200, PluginFixtures.call(host, APP, "POST", "channel/room", Map.of("roomId", rid)).status());

        String out = agentSends(rid, "para o primeiro app").get("_id").asText();
        awaitStatus(rid, out, "accepted");
        assertFalse(receipt(TWIN, "out-" + out, "read"));
        assertEquals("accepted", agentView(rid, out).get("channel").get("status").asText());
        assertTrue(handed(out).size() == 1 && handedBy(TWIN, out).isEmpty());

        // A visitor in a widget room: the app cannot take it over.
        String widget = visitor();
        assertEquals(200, host.client().get("/api/v1/livechat/room?token=" + widget).status());
        ApiClient.Response takeover = PluginFixtures.call(host, APP, "POST", "channel/post",
                body(widget, "wamid.E3", "olá"));
        assertEquals(409, takeover.status(), takeover::toString);
        ApiClient.Response unknown = PluginFixtures.call(host, APP, "POST", "channel/post",
                body("no-such-token", "wamid.E4", "olá"));
        assertEquals(404, unknown.status(), unknown::toString);
    }

    @Test
    void editsAndRevokesChangeTheVisitorsMessage() {
        String token = visitor();
        String rid = post(APP, token, "wamid.F1", "pedido 4711").get("roomId").asText();
        assertTrue(ok(APP, "edit", Map.of("id", "wamid.F1", "text", "pedido 4712")).get("edited").asBoolean());
        JsonNode edited = history(token, rid).get(0);
        assertEquals("pedido 4712", edited.get("msg").asText());
        assertTrue(edited.has("editedAt"), edited::toString);
        assertTrue(ok(APP, "revoke", Map.of("id", "wamid.F1")).get("revoked").asBoolean());
        assertFalse(ok(APP, "revoke", Map.of("id", "wamid.F1")).get("revoked").asBoolean());
        for (JsonNode message : history(token, rid)) {
            assertNotEquals("pedido 4712", message.get("msg").asText());
        }
        // Revoked stays stored under its channel id: a retried delivery does not bring it back.
        assertFalse(post(APP, token, "wamid.F1", "pedido 4711").get("created").asBoolean());
    }

    @Test
    void cachedHistoryFollowsInboundPostsEditsRevokesAndStatusChanges() throws Exception {
        String token = visitor();
        String rid = post(APP, token, "wamid.H1", "primeira").get("roomId").asText();
        cachedHistory(token, rid);
        post(APP, token, "wamid.H2", "segunda");
        assertEquals("segunda", history(token, rid).get(0).get("msg").asText());
        cachedHistory(token, rid);
        assertTrue(ok(APP, "edit", Map.of("id", "wamid.H2", "text", "segunda, corrigida")).get("edited").asBoolean());
        assertEquals("segunda, corrigida", history(token, rid).get(0).get("msg").asText());
        cachedHistory(token, rid);
        assertTrue(ok(APP, "revoke", Map.of("id", "wamid.H2")).get("revoked").asBoolean());
        assertEquals("primeira", history(token, rid).get(0).get("msg").asText());

        // An agent's reply, then what the app and the channel say of it: each status shows in the visitor's history.
        String id = agentSends(rid, "Olá!").get("_id").asText();
        awaitStatus(rid, id, "accepted");
        Await.until("the visitor's history shows the reply accepted", Duration.ofSeconds(15), () ->
                "accepted".equals(history(token, rid).get(0).get("channel").get("status").asText()));
        cachedHistory(token, rid);
        assertTrue(receipt(APP, "out-" + id, "read"));
        JsonNode read = history(token, rid).get(0);
        assertEquals(id, read.get("_id").asText());
        assertEquals("read", read.get("channel").get("status").asText());
    }

    /** Reads the room's latest page twice: the second read comes from the host's cache of history pages. */
    private static void cachedHistory(String token, String rid) {
        var pages = host.host().rooms().historyPages();
        history(token, rid);
        long hits = pages.stats().hitCount();
        history(token, rid);
        assertEquals(hits + 1, pages.stats().hitCount(), "the second read came from memory");
    }

    // --- helpers ---

    static String visitor() {
        String token = "wa-" + UUID.randomUUID();
        PluginFixtures.register(host, token);
        return token;
    }

    static Map<String, Object> body(String token, String id, String text) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("alias", "WhatsApp +1 555 0100");
        body.put("id", id);
        if (text != null) {
            body.put("text", text);
        }
        return body;
    }

    static JsonNode post(String app, String token, String id, String text) {
        return ok(app, "post", body(token, id, text));
    }

    static JsonNode ok(String app, String action, Object body) {
        ApiClient.Response response = PluginFixtures.call(host, app, "POST", "channel/" + action, body);
        assertEquals(200, response.status(), response::toString);
        return response.json();
    }

    static boolean receipt(String app, String channelId, String status) {
        return ok(app, "receipt", Map.of("id", channelId, "status", status)).get("known").asBoolean();
    }

    static JsonNode agentSends(String rid, String text) {
        ApiClient.Response response = admin.post("/api/v1/chat.sendMessage",
                Json.of(Map.of("message", Map.of("rid", rid, "msg", text))));
        assertEquals(200, response.status(), response::toString);
        return response.json().get("message");
    }

    static JsonNode room(String rid) {
        ApiClient.Response response = admin.get("/api/v1/livechat/rooms?count=100");
        assertEquals(200, response.status(), response::toString);
        for (JsonNode room : response.json().get("rooms")) {
            if (room.get("_id").asText().equals(rid)) {
                return room;
            }
        }
        throw new AssertionError("room " + rid + " not listed");
    }

    static JsonNode history(String token, String rid) {
        ApiClient.Response response = host.client().get("/api/v1/livechat/messages.history/" + rid + "?token="
                + token);
        assertEquals(200, response.status(), response::toString);
        return response.json().get("messages");
    }

    /** The message as an agent reads it (chat.syncMessages). */
    static JsonNode agentView(String rid, String id) {
        ApiClient.Response response = admin.get("/api/v1/chat.syncMessages?roomId=" + rid
                + "&lastUpdate=2000-01-01T00:00:00.000Z");
        assertEquals(200, response.status(), response::toString);
        for (JsonNode message : response.json().get("result").get("updated")) {
            if (message.get("_id").asText().equals(id)) {
                return message;
            }
        }
        throw new AssertionError("message " + id + " not in " + response);
    }

    static void awaitStatus(String rid, String id, String status) throws InterruptedException {
        Await.until("message " + id + " " + status, Duration.ofSeconds(15), () ->
                status.equals(agentView(rid, id).get("channel").get("status").asText()));
    }

    static List<JsonNode> handed(String id) {
        return handedBy(APP, id);
    }

    static List<JsonNode> handedBy(String app, String id) {
        ApiClient.Response response = PluginFixtures.call(host, app, "GET", "channel/handed", null);
        assertEquals(200, response.status(), response::toString);
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode entry : response.json().get("handed")) {
            if (entry.get("messageId").asText().equals(id)) {
                found.add(entry);
            }
        }
        found.sort((a, b) -> Integer.compare(a.get("attempt").asInt(), b.get("attempt").asInt()));
        return found;
    }

    static List<JsonNode> awaitHanded(String id, int attempts) throws InterruptedException {
        Await.until(attempts + " hand-overs of " + id, Duration.ofSeconds(15), () -> handed(id).size() >= attempts);
        return handed(id);
    }
}
