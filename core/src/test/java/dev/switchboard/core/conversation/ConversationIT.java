package dev.switchboard.core.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.realtime.StreamBus;
import dev.switchboard.core.realtime.StreamEvent;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.ApiClient.Response;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.Sql;
import dev.switchboard.core.testing.TestHost;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The visitor's conversation routes against a real host: shapes, errors, events on the StreamBus. */
class ConversationIT {
    static final String BASE = "/api/v1/livechat";
    static final String ISO = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static TestHost host;
    private static ApiClient api;
    private static Sql sql;

    @BeforeAll
    static void start() throws Exception {
        host = TestHost.start();
        api = host.client();
        sql = new Sql(host);
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    /** Registers a visitor with {@code name} and answers its token. */
    static String visitor(ApiClient api, String name) {
        String token = "tok-" + UUID.randomUUID();
        Response registered = api.post(BASE + "/visitor",
                Json.of(Map.of("visitor", Map.of("token", token, "name", name))));
        assertEquals(200, registered.status(), registered::toString);
        return token;
    }

    static JsonNode ok(Response response) {
        assertEquals(200, response.status(), response::toString);
        JsonNode body = response.json();
        assertTrue(body.get("success").asBoolean(), response::toString);
        return body;
    }

    static void assertError(Response response, int status, String error, String errorType) {
        assertEquals(status, response.status(), response::toString);
        JsonNode body = response.json();
        assertFalse(body.get("success").asBoolean(), response::toString);
        assertEquals(error, body.get("error").asText(), response::toString);
        if (errorType == null) {
            assertNull(body.get("errorType"), response::toString);
        } else {
            assertEquals(errorType, body.get("errorType").asText(), response::toString);
        }
    }

    static JsonNode openRoom(ApiClient api, String token) {
        return ok(api.get(BASE + "/room?token=" + token)).get("room");
    }

    static JsonNode send(ApiClient api, String token, String rid, String msg) {
        return ok(api.post(BASE + "/message", Json.of(Map.of("token", token, "rid", rid, "msg", msg))))
                .get("message");
    }

    private static Response sendWithBody(String method, String path, Object body) {
        return api.send(method, path, Json.of(body).getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
    }

    /** Events heard on a LocalStreamBus subscription, as their args parsed. */
    private static List<JsonNode> listen(String stream, String eventName, List<AutoCloseable> subscriptions) {
        StreamBus bus = host.host().streams();
        List<JsonNode> heard = new CopyOnWriteArrayList<>();
        subscriptions.add(bus.subscribe(stream, eventName, event -> {
            try {
                heard.add(MAPPER.readTree(event.argsJson()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        return heard;
    }

    private static void closeAll(List<AutoCloseable> subscriptions) throws Exception {
        for (AutoCloseable subscription : subscriptions) {
            subscription.close();
        }
    }

    @Test
    void roomOpensOnceWithRocketChatsShapeAndStartMessage() {
        String token = visitor(api, "Ann Visitor");
        JsonNode first = ok(api.get(BASE + "/room?token=" + token));
        assertTrue(first.get("newRoom").asBoolean());
        JsonNode room = first.get("room");
        assertEquals(17, room.get("_id").asText().length());
        assertEquals("l", room.get("t").asText());
        assertEquals("Ann Visitor", room.get("fname").asText());
        assertTrue(room.get("open").asBoolean());
        assertFalse(room.get("cl").asBoolean());
        assertEquals(token, room.get("v").get("token").asText());
        assertTrue(room.get("v").get("username").asText().startsWith("guest-"));
        assertEquals("online", room.get("v").get("status").asText());
        assertEquals("api", room.get("source").get("type").asText());
        assertTrue(room.get("ts").asText().matches(ISO));
        assertNull(room.get("servedBy"));

        JsonNode again = ok(api.get(BASE + "/room?token=" + token));
        assertFalse(again.get("newRoom").asBoolean());
        assertEquals(room.get("_id"), again.get("room").get("_id"));
        JsonNode byRid = ok(api.get(BASE + "/room?token=" + token + "&rid=" + room.get("_id").asText()));
        assertFalse(byRid.get("newRoom").asBoolean());
        assertEquals(room.get("_id"), byRid.get("room").get("_id"));

        JsonNode history = ok(api.get(BASE + "/messages.history/" + room.get("_id").asText() + "?token=" + token));
        JsonNode started = history.get("messages").get(0);
        assertEquals("livechat-started", started.get("t").asText());
        assertEquals("", started.get("msg").asText());
        assertEquals(token, started.get("token").asText());
        assertFalse(started.get("groupable").asBoolean());
    }

    @Test
    void theWidgetsRefererMakesAWidgetRoom() {
        String token = visitor(api, "Widget Visitor");
        Response response = api.send("GET", BASE + "/room?token=" + token, null,
                Map.of("Referer", "http://localhost:3000/livechat?mode=popout"));
        assertEquals("widget", ok(response).get("room").get("source").get("type").asText());
    }

    @Test
    void roomErrorsAreRocketChats() {
        assertError(api.get(BASE + "/room"), 400, "Match error: Missing key 'token'", null);
        assertError(api.get(BASE + "/room?token=unknown"), 400, "invalid-token", null);
        String token = visitor(api, "Bob");
        assertError(api.get(BASE + "/room?token=" + token + "&rid=nope"), 400, "invalid-room", null);
        String other = visitor(api, "Carol");
        String othersRoom = openRoom(api, other).get("_id").asText();
        assertError(api.get(BASE + "/room?token=" + token + "&rid=" + othersRoom), 400, "invalid-room", null);
    }

    @Test
    void thirtyTwoConcurrentOpensMakeOneRoom() throws Exception {
        String token = visitor(api, "Racer");
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> ok(api.get(BASE + "/room?token=" + token)), pool));
            }
            Set<String> ids = new HashSet<>();
            int created = 0;
            for (CompletableFuture<JsonNode> call : calls) {
                JsonNode body = call.join();
                ids.add(body.get("room").get("_id").asText());
                created += body.get("newRoom").asBoolean() ? 1 : 0;
            }
            assertEquals(1, ids.size());
            assertEquals(1, created);
            assertEquals("1", sql.scalar("SELECT count(*) FROM rooms r JOIN visitors v ON v.id = r.visitor_id "
                    + "WHERE v.token = ?", token));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sendEditDeleteWithEvents() throws Exception {
        String token = visitor(api, "Dana");
        String rid = openRoom(api, token).get("_id").asText();
        List<AutoCloseable> subscriptions = new ArrayList<>();
        try {
            List<JsonNode> messages = listen(StreamEvent.ROOM_MESSAGES, rid, subscriptions);
            List<JsonNode> deletions = listen(StreamEvent.NOTIFY_ROOM, rid + "/deleteMessage", subscriptions);

            JsonNode sent = send(api, token, rid, "Hello there");
            assertEquals(rid, sent.get("rid").asText());
            assertEquals("Hello there", sent.get("msg").asText());
            assertEquals(token, sent.get("token").asText());
            assertEquals("Dana", sent.get("u").get("name").asText());
            assertTrue(sent.get("u").get("username").asText().startsWith("guest-"));
            assertTrue(sent.get("ts").asText().matches(ISO));
            assertNull(sent.get("t"));
            // The event is the answer's message with its dates in EJSON, as Meteor writes them over DDP: the SDK
            // reads ts.$date, and an ISO string there made the widget drop every live message.
            assertEquals(Json.ejsonDates(sent), messages.get(0).get(0));
            assertEquals(Instant.parse(sent.get("ts").asText()).toEpochMilli(),
                    messages.get(0).get(0).get("ts").get("$date").asLong());
            assertEquals(1, messages.get(0).size());

            String id = sent.get("_id").asText();
            JsonNode edited = ok(sendWithBody("PUT", BASE + "/message/" + id,
                    Map.of("token", token, "rid", rid, "msg", "Hello, edited"))).get("message");
            assertEquals("Hello, edited", edited.get("msg").asText());
            assertTrue(edited.get("editedAt").asText().matches(ISO));
            assertEquals(sent.get("u").get("_id"), edited.get("editedBy").get("_id"));
            assertEquals(Json.ejsonDates(edited), messages.get(1).get(0));
            assertTrue(messages.get(1).get(0).get("editedAt").get("$date").isIntegralNumber());

            JsonNode deleted = ok(sendWithBody("DELETE", BASE + "/message/" + id,
                    Map.of("token", token, "rid", rid))).get("message");
            assertEquals(id, deleted.get("_id").asText());
            assertTrue(deleted.get("ts").asText().matches(ISO));
            assertEquals(MAPPER.readTree("[{\"_id\":\"" + id + "\"}]"), deletions.get(0));

            JsonNode history = ok(api.get(BASE + "/messages.history/" + rid + "?token=" + token));
            for (JsonNode message : history.get("messages")) {
                assertNotEquals(id, message.get("_id").asText(), "a deleted message stays out of history");
            }
            assertError(sendWithBody("PUT", BASE + "/message/" + id, Map.of("token", token, "rid", rid, "msg", "x")),
                    400, "invalid-message", null);
        } finally {
            closeAll(subscriptions);
        }
    }

    @Test
    void aRetriedSendIsIdempotentAndAForeignIdIsRefused() {
        String token = visitor(api, "Eve");
        String rid = openRoom(api, token).get("_id").asText();
        String id = "client-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("token", token, "rid", rid, "msg", "once", "_id", id);
        JsonNode first = ok(api.post(BASE + "/message", Json.of(body))).get("message");
        JsonNode retry = ok(api.post(BASE + "/message", Json.of(body))).get("message");
        assertEquals(first, retry);
        assertEquals("1", sql.scalar("SELECT count(*) FROM messages WHERE id = ?", id));

        String other = visitor(api, "Mallory");
        String otherRoom = openRoom(api, other).get("_id").asText();
        assertError(api.post(BASE + "/message", Json.of(Map.of("token", other, "rid", otherRoom, "msg", "mine",
                "_id", id))), 400, "A message with this _id already exists [error-message-id-taken]",
                "error-message-id-taken");
        assertError(api.post(BASE + "/message", Json.of(Map.of("token", token, "rid", rid, "msg", "changed",
                "_id", id))), 400, "A message with this _id already exists [error-message-id-taken]",
                "error-message-id-taken");
        assertEquals("once", sql.scalar("SELECT msg FROM messages WHERE id = ?", id));
    }

    @Test
    void messageValidationAndOwnership() {
        String token = visitor(api, "Fay");
        String rid = openRoom(api, token).get("_id").asText();
        assertError(api.post(BASE + "/message", Json.of(Map.of("rid", rid, "msg", "x"))), 400,
                "must have required property 'token' [invalid-params]", "invalid-params");
        assertError(api.post(BASE + "/message", Json.of(Map.of("token", token, "rid", rid))), 400,
                "must have required property 'msg' [invalid-params]", "invalid-params");
        assertError(api.post(BASE + "/message", Json.of(Map.of("token", token, "rid", rid, "msg", "x", "z", 1))),
                400, "must NOT have additional properties [invalid-params]", "invalid-params");
        assertError(api.post(BASE + "/message", Json.of(Map.of("token", "nobody", "rid", rid, "msg", "x"))), 400,
                "invalid-token", null);
        assertError(api.post(BASE + "/message", Json.of(Map.of("token", token, "rid", "nope", "msg", "x"))), 400,
                "invalid-room", null);
        assertError(api.post(BASE + "/message", Json.of(Map.of("token", token, "rid", rid, "msg", "x".repeat(5001)))),
                400, "message-length-exceeds-character-limit", null);
        Response broken = api.post(BASE + "/message", "{\"token\":");
        assertEquals(400, broken.status());
        assertEquals("error-invalid-json", broken.json().get("errorType").asText());

        // Another visitor can neither edit nor delete Fay's message, nor read her history.
        String id = send(api, token, rid, "mine").get("_id").asText();
        String other = visitor(api, "Gus");
        String otherRoom = openRoom(api, other).get("_id").asText();
        assertError(sendWithBody("PUT", BASE + "/message/" + id, Map.of("token", other, "rid", rid, "msg", "x")),
                400, "invalid-room", null);
        assertError(sendWithBody("PUT", BASE + "/message/" + id,
                Map.of("token", other, "rid", otherRoom, "msg", "x")), 400, "invalid-message", null);
        assertError(sendWithBody("DELETE", BASE + "/message/" + id, Map.of("token", other, "rid", otherRoom)),
                400, "invalid-message", null);
        assertError(api.get(BASE + "/messages.history/" + rid + "?token=" + other), 400, "invalid-room", null);
        assertEquals("mine", sql.scalar("SELECT msg FROM messages WHERE id = ?", id));
    }

    @Test
    void historyIsNewestFirstAndPaged() {
        String token = visitor(api, "Hal");
        String rid = openRoom(api, token).get("_id").asText();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            sent.add(send(api, token, rid, "m" + i).get("_id").asText());
        }
        JsonNode page = ok(api.get(BASE + "/messages.history/" + rid + "?token=" + token)).get("messages");
        assertEquals(20, page.size(), "Rocket.Chat's default limit");
        assertEquals("m24", page.get(0).get("msg").asText());
        assertEquals("m5", page.get(19).get("msg").asText());
        JsonNode second = ok(api.get(BASE + "/messages.history/" + rid + "?token=" + token
                + "&limit=10&offset=20")).get("messages");
        assertEquals(List.of("m4", "m3", "m2", "m1", "m0", ""), texts(second).subList(0, 6));
        String end = page.get(9).get("ts").asText();
        JsonNode before = ok(api.get(BASE + "/messages.history/" + rid + "?token=" + token + "&limit=3&end=" + end))
                .get("messages");
        for (JsonNode message : before) {
            assertTrue(message.get("ts").asText().compareTo(end) < 0);
        }
        assertError(api.get(BASE + "/messages.history/" + rid), 400,
                "must have required property 'token' [invalid-params]", "invalid-params");
        assertError(api.get(BASE + "/messages.history/" + rid + "?token="), 400, "error-token-param-not-provided",
                null);
        assertError(api.get(BASE + "/messages.history/" + rid + "?token=nobody"), 400, "invalid-token", null);
        assertError(api.get(BASE + "/messages.history/" + rid + "?token=" + token + "&limit=x"), 400,
                "limit must be an integer [invalid-params]", "invalid-params");
        assertError(api.get(BASE + "/messages.history/" + rid + "?token=" + token + "&end=yesterday"), 400,
                "end must be an ISO-8601 date [invalid-params]", "invalid-params");
        // A year Java parses but JavaScript's Date cannot hold (its epoch milliseconds would overflow).
        assertError(api.get(BASE + "/messages.history/" + rid + "?token=" + token
                + "&end=%2B300000000-01-01T00:00:00Z"), 400, "end must be an ISO-8601 date [invalid-params]",
                "invalid-params");
    }

    private static List<String> texts(JsonNode messages) {
        List<String> texts = new ArrayList<>();
        messages.forEach(message -> texts.add(message.get("msg").asText()));
        return texts;
    }

    @Test
    void closingWritesTheCloseMessageAndEndsTheRoom() throws Exception {
        String token = visitor(api, "Ivy");
        String rid = openRoom(api, token).get("_id").asText();
        List<AutoCloseable> subscriptions = new ArrayList<>();
        try {
            List<JsonNode> messages = listen(StreamEvent.ROOM_MESSAGES, rid, subscriptions);
            JsonNode closed = ok(api.post(BASE + "/room.close", Json.of(Map.of("rid", rid, "token", token))));
            assertEquals(rid, closed.get("rid").asText());
            assertEquals("Closed by visitor", closed.get("comment").asText());
            JsonNode close = messages.get(0).get(0);
            assertEquals("livechat-close", close.get("t").asText());
            assertEquals("Closed by visitor", close.get("msg").asText());
            assertEquals(token, close.get("token").asText());
            assertFalse(close.get("transcriptRequested").asBoolean());

            assertError(api.post(BASE + "/message", Json.of(Map.of("token", token, "rid", rid, "msg", "late"))), 400,
                    "room-closed", null);
            assertError(api.post(BASE + "/room.close", Json.of(Map.of("rid", rid, "token", token))), 400,
                    "room-closed", null);
            assertError(api.get(BASE + "/room?token=" + token + "&rid=" + rid), 400, "invalid-room", null);
            // The closed room's history stays readable; a new GET room opens a new one.
            JsonNode history = ok(api.get(BASE + "/messages.history/" + rid + "?token=" + token));
            assertEquals("livechat-close", history.get("messages").get(0).get("t").asText());
            JsonNode next = ok(api.get(BASE + "/room?token=" + token));
            assertTrue(next.get("newRoom").asBoolean());
            assertNotEquals(rid, next.get("room").get("_id").asText());
            assertEquals("visitor", sql.scalar("SELECT closer FROM rooms WHERE id = ?", rid));
        } finally {
            closeAll(subscriptions);
        }
        assertError(api.post(BASE + "/room.close", Json.of(Map.of("rid", "nope", "token", token))), 400,
                "invalid-room", null);
        assertError(api.post(BASE + "/room.close", Json.of(Map.of("rid", rid))), 400,
                "must have required property 'token' [invalid-params]", "invalid-params");
    }

    @Test
    void visitorStatusReachesOpenRooms() {
        String token = visitor(api, "Jo");
        String rid = openRoom(api, token).get("_id").asText();
        JsonNode answer = ok(api.post(BASE + "/visitor.status", Json.of(Map.of("token", token, "status", "away"))));
        assertEquals(token, answer.get("token").asText());
        assertEquals("away", answer.get("status").asText());
        assertEquals("away", ok(api.get(BASE + "/room?token=" + token + "&rid=" + rid)).get("room").get("v")
                .get("status").asText());
        assertError(api.post(BASE + "/visitor.status", Json.of(Map.of("token", "nobody", "status", "away"))), 400,
                "Invalid token [invalid-token]", "invalid-token");
        assertError(api.post(BASE + "/visitor.status", Json.of(Map.of("token", token))), 400,
                "must have required property 'status' [invalid-params]", "invalid-params");
    }

    @Test
    void agentInfoNeedsAServingAgent() {
        String token = visitor(api, "Kim");
        String rid = openRoom(api, token).get("_id").asText();
        assertError(api.get(BASE + "/agent.info/" + rid + "/" + token), 400, "invalid-agent", null);
        assertError(api.get(BASE + "/agent.info/" + rid + "/nobody"), 400, "invalid-token", null);
        assertError(api.get(BASE + "/agent.info/nope/" + token), 400, "invalid-room", null);
    }

    @Test
    void offlineMessagesAreStored() {
        JsonNode answer = ok(api.post(BASE + "/offline.message", Json.of(Map.of("name", "Lee",
                "email", "lee@example.com", "message", "Call me back", "department", "sales"))));
        assertEquals("Livechat offline message sent", answer.get("message").asText());
        assertEquals("Call me back", sql.scalar("SELECT message FROM offline_messages WHERE email = ?",
                "lee@example.com"));
        assertError(api.post(BASE + "/offline.message", Json.of(Map.of("name", "Lee", "email", "not-an-email",
                "message", "x"))), 400, "Error sending Omnichannel offline message", null);
        assertError(api.post(BASE + "/offline.message", Json.of(Map.of("name", "Lee", "email", "a@b.co"))), 400,
                "must have required property 'message' [invalid-params]", "invalid-params");
    }

    @Test
    void pageVisitedBecomesHiddenNavigationHistory() {
        String token = visitor(api, "Max");
        String rid = openRoom(api, token).get("_id").asText();
        Map<String, Object> pageInfo = Map.of("change", "url", "title", "Pricing",
                "location", Map.of("href", "https://example.com/pricing"));
        JsonNode page = ok(api.post(BASE + "/page.visited", Json.of(Map.of("token", token, "rid", rid,
                "pageInfo", pageInfo)))).get("page");
        assertEquals("Pricing - https://example.com/pricing", page.get("msg").asText());
        assertEquals("https://example.com/pricing", page.get("navigation").get("page").get("location").get("href")
                .asText());
        assertEquals(token, page.get("navigation").get("token").asText());
        assertEquals("1", sql.scalar("SELECT count(*) FROM messages WHERE rid = ? AND t = ?", rid,
                "livechat_navigation_history"));
        JsonNode history = ok(api.get(BASE + "/messages.history/" + rid + "?token=" + token)).get("messages");
        for (JsonNode message : history) {
            assertNotEquals("livechat_navigation_history", message.path("t").asText());
        }
        JsonNode without = ok(api.post(BASE + "/page.visited", Json.of(Map.of("token", token,
                "pageInfo", pageInfo))));
        assertNull(without.get("page"));
        assertError(api.post(BASE + "/page.visited", Json.of(Map.of("token", token, "rid", rid))), 400,
                "must have required property 'pageInfo' [invalid-params]", "invalid-params");
    }

    @Test
    void erasureRemovesRoomsAndMessages() {
        String token = visitor(api, "Ned");
        String rid = openRoom(api, token).get("_id").asText();
        send(api, token, rid, "forget me");
        ok(api.post(BASE + "/room.close", Json.of(Map.of("rid", rid, "token", token))));
        String second = openRoom(api, token).get("_id").asText();
        send(api, token, second, "me too");
        assertEquals(200, api.delete(BASE + "/visitor/" + token).status());
        assertEquals("0", sql.scalar("SELECT count(*) FROM rooms WHERE id IN (?, ?)", rid, second));
        assertEquals("0", sql.scalar("SELECT count(*) FROM messages WHERE rid IN (?, ?)", rid, second));
        assertError(api.get(BASE + "/room?token=" + token), 400, "invalid-token", null);
    }
}
