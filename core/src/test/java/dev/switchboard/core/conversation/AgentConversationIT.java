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
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.realtime.StreamBus;
import dev.switchboard.core.realtime.StreamEvent;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.ApiClient.Response;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.ManualSelectionHost;
import dev.switchboard.core.testing.TestHost;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The agent's side: login, logout, me, rooms.info, chat.sendMessage, chat.syncMessages, livechat/rooms, visitor/:token/room. */
class AgentConversationIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    @RegisterExtension
    static final ManualSelectionHost HOST = new ManualSelectionHost();

    /** Creates a user with a password and answers its username. */
    private static String user(String role, String password) {
        String username = role + "-" + UUID.randomUUID().toString().substring(0, 8);
        Response created = HOST.operators().admin().post("/api/v1/users.create", Json.of(Map.of("username", username,
                "name", "Agent " + username, "email", username + "@example.com", "password", password,
                "roles", List.of(role))));
        assertEquals(200, created.status(), created::toString);
        return username;
    }

    /** Logs in and answers a client carrying the login's headers. */
    private static ApiClient login(String username, String password) {
        JsonNode data = loginResponse(Map.of("user", username, "password", password)).get("data");
        return HOST.api().withHeaders(Map.of("X-User-Id", data.get("userId").asText(),
                "X-Auth-Token", data.get("authToken").asText()));
    }

    private static JsonNode loginResponse(Map<String, Object> body) {
        Response response = HOST.api().post("/api/v1/login", Json.of(body));
        assertEquals(200, response.status(), response::toString);
        JsonNode json = response.json();
        assertEquals("success", json.get("status").asText());
        assertNull(json.get("success"));
        return json;
    }

    private static void assertUnauthorized(Response response) {
        assertEquals(401, response.status(), response::toString);
        assertEquals("error", response.json().get("status").asText());
        assertEquals("Unauthorized", response.json().get("error").asText());
        assertEquals("Unauthorized", response.json().get("message").asText());
    }

    @Test
    void loginMeResumeAndLogout() {
        String username = user("agent", "s3cret-password");
        JsonNode login = loginResponse(Map.of("user", username, "password", "s3cret-password"));
        JsonNode data = login.get("data");
        String userId = data.get("userId").asText();
        String token = data.get("authToken").asText();
        assertEquals(username, data.get("me").get("username").asText());
        assertEquals(List.of("agent"), List.of(data.get("me").get("roles").get(0).asText()));
        ApiClient agent = HOST.api().withHeaders(Map.of("X-User-Id", userId, "X-Auth-Token", token));

        JsonNode me = ok(agent.get("/api/v1/me"));
        assertEquals(userId, me.get("_id").asText());
        assertEquals(username + "@example.com", me.get("emails").get(0).get("address").asText());
        assertEquals(token, loginResponse(Map.of("resume", token)).get("data").get("authToken").asText());
        // "username" is accepted as well as "user"; the email logs in too
        loginResponse(Map.of("username", username, "password", "s3cret-password"));
        loginResponse(Map.of("user", username + "@example.com", "password", "s3cret-password"));
        // A login token is not a personal access token
        JsonNode tokens = ok(agent.get("/api/v1/users.getPersonalAccessTokens"));
        assertEquals(0, tokens.get("tokens").size());

        Response out = agent.post("/api/v1/logout", "{}");
        assertEquals(200, out.status(), out::toString);
        assertEquals("success", out.json().get("status").asText());
        assertEquals("You've been logged out!", out.json().get("data").get("message").asText());
        assertEquals(401, agent.get("/api/v1/me").status());
        assertUnauthorized(HOST.api().post("/api/v1/login", Json.of(Map.of("resume", token))));
    }

    @Test
    void badLoginsAreUnauthorizedAndRepeatedFailuresBlockTheUsername() {
        String username = user("agent", "right-password");
        assertUnauthorized(HOST.api().post("/api/v1/login", Json.of(Map.of("user", username, "password", "wrong"))));
        assertUnauthorized(HOST.api().post("/api/v1/login", Json.of(Map.of("user", "nobody", "password", "x"))));
        assertUnauthorized(HOST.api().post("/api/v1/login", "{}"));
        assertUnauthorized(HOST.api().post("/api/v1/login", Json.of(Map.of("user", username, "password", 42))));
        assertEquals(401, HOST.api().get("/api/v1/me").status());
        for (int i = 0; i < 9; i++) {
            assertUnauthorized(HOST.api().post("/api/v1/login", Json.of(Map.of("user", username,
                    "password", "wrong"))));
        }
        Response blocked = HOST.api().post("/api/v1/login", Json.of(Map.of("user", username, "password",
                "right-password")));
        assertEquals(401, blocked.status());
        assertEquals("error-login-blocked-for-user", blocked.json().get("error").asText());
        assertEquals("Login has been temporarily blocked For User", blocked.json().get("message").asText());
    }

    @Test
    void anAgentAnswersAVisitor() throws Exception {
        String username = user("agent", "agent-password");
        ApiClient agent = login(username, "agent-password");
        String agentId = ok(agent.get("/api/v1/me")).get("_id").asText();
        String token = visitor(HOST.api(), "Olga");
        String rid = openRoom(HOST.api(), token).get("_id").asText();
        send(HOST.api(), token, rid, "Anyone there?");

        StreamBus bus = HOST.host().host().streams();
        List<String> agentEvents = new CopyOnWriteArrayList<>();
        List<JsonNode> roomMessages = new CopyOnWriteArrayList<>();
        try (StreamBus.Subscription agentData = bus.subscribe(StreamEvent.LIVECHAT_ROOM, rid,
                event -> agentEvents.add(event.argsJson()));
             StreamBus.Subscription messages = bus.subscribe(StreamEvent.ROOM_MESSAGES, rid,
                     event -> roomMessages.add(parse(event.argsJson()).get(0)))) {
            String before = Instant.now().minusSeconds(1).toString();
            JsonNode reply = ok(agent.post("/api/v1/chat.sendMessage", Json.of(Map.of("message",
                    Map.of("rid", rid, "msg", "Hi Olga, how can I help?"))))).get("message");
            assertEquals("Hi Olga, how can I help?", reply.get("msg").asText());
            assertEquals(username, reply.get("u").get("username").asText());
            assertNull(reply.get("token"));

            assertEquals(List.of("[{\"type\":\"agentData\",\"data\":{\"_id\":\"" + agentId + "\",\"username\":\""
                    + username + "\",\"name\":\"Agent " + username + "\"}}]"), agentEvents);
            assertEquals(List.of("command", "uj", ""), roomMessages.stream()
                    .map(message -> message.path("t").asText()).toList());
            assertEquals("connected", roomMessages.get(0).get("msg").asText());
            assertEquals(Json.ejsonDates(reply), roomMessages.get(2)); // DDP dates are EJSON

            JsonNode history = ok(HOST.api().get(BASE + "/messages.history/" + rid + "?token=" + token))
                    .get("messages");
            assertEquals(reply, history.get(0));
            JsonNode room = ok(HOST.api().get(BASE + "/room?token=" + token + "&rid=" + rid)).get("room");
            assertEquals(agentId, room.get("servedBy").get("_id").asText());
            JsonNode info = ok(HOST.api().get(BASE + "/agent.info/" + rid + "/" + token)).get("agent");
            assertEquals(username, info.get("username").asText());

            JsonNode sync = ok(agent.get("/api/v1/chat.syncMessages?roomId=" + rid + "&lastUpdate=" + before))
                    .get("result");
            List<String> synced = new ArrayList<>();
            sync.get("updated").forEach(message -> synced.add(message.get("msg").asText()));
            assertTrue(synced.contains("Hi Olga, how can I help?"), synced::toString);
            assertTrue(synced.contains("Anyone there?"), synced::toString);
            assertEquals(0, sync.get("deleted").size());
        }

        // Another agent may not write into (or read) a room someone else serves; the manager may read it.
        ApiClient other = login(user("agent", "other-password"), "other-password");
        assertError(other.post("/api/v1/chat.sendMessage", Json.of(Map.of("message", Map.of("rid", rid,
                "msg", "mine now")))), 400, "error-not-allowed", null); // canSendMessage's plain error
        assertError(other.get("/api/v1/chat.syncMessages?roomId=" + rid + "&lastUpdate=2020-01-01T00:00:00.000Z"),
                400, "Not allowed [error-not-allowed]", "error-not-allowed");
        ok(HOST.operators().admin().get("/api/v1/chat.syncMessages?roomId=" + rid
                + "&lastUpdate=2020-01-01T00:00:00.000Z"));

        // Deleting shows up in the agent's sync
        String id = send(HOST.api(), token, rid, "oops").get("_id").asText();
        String since = Instant.now().minusSeconds(1).toString();
        ok(HOST.api().send("DELETE", BASE + "/message/" + id, Json.of(Map.of("token", token, "rid", rid))
                .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json")));
        JsonNode deleted = ok(agent.get("/api/v1/chat.syncMessages?roomId=" + rid + "&lastUpdate=" + since))
                .get("result").get("deleted");
        assertEquals(id, deleted.get(0).get("_id").asText());
        assertTrue(deleted.get(0).has("_deletedAt"));

        // A closed room: Rocket.Chat 8.4's chat.sendMessage checks room access only (canSendMessage), which lets the
        // room's agent in (servedBy) and refuses another agent; it has no error-room-closed.
        ok(HOST.api().post(BASE + "/room.close", Json.of(Map.of("rid", rid, "token", token))));
        JsonNode late = ok(agent.post("/api/v1/chat.sendMessage", Json.of(Map.of("message", Map.of("rid", rid,
                "msg", "One more thing after the close"))))).get("message");
        assertEquals(rid, late.get("rid").asText());
        assertEquals(agentId, late.get("u").get("_id").asText());
        JsonNode history = ok(HOST.api().get(BASE + "/messages.history/" + rid + "?token=" + token))
                .get("messages");
        assertEquals("One more thing after the close", history.get(0).get("msg").asText());
        assertError(other.post("/api/v1/chat.sendMessage", Json.of(Map.of("message", Map.of("rid", rid,
                "msg", "mine now")))), 400, "error-not-allowed", null);
    }

    @Test
    void nobodyTakesAClosedRoomByWritingIntoIt() {
        ApiClient agent = login(user("agent", "pw-closed"), "pw-closed");
        String token = visitor(HOST.api(), "Nadia");
        String rid = openRoom(HOST.api(), token).get("_id").asText();
        ok(HOST.api().post(BASE + "/room.close", Json.of(Map.of("rid", rid, "token", token))));
        assertError(agent.post("/api/v1/chat.sendMessage", Json.of(Map.of("message", Map.of("rid", rid,
                "msg", "Hello?")))), 400, "error-not-allowed", null);
        JsonNode room = ok(HOST.operators().admin().get("/api/v1/rooms.info?roomId=" + rid)).get("room");
        assertFalse(room.has("servedBy"), room::toString);
        ok(HOST.operators().admin().post("/api/v1/chat.sendMessage", Json.of(Map.of("message", Map.of("rid", rid,
                "msg", "A manager may still write here")))));
    }

    @Test
    void theWidgetsAgentIdHandsANewRoomToThatOnlineAgent() {
        String username = user("agent", "pw-direct");
        ApiClient agent = login(username, "pw-direct");
        String agentId = ok(agent.get("/api/v1/me")).get("_id").asText();
        String token = visitor(HOST.api(), "Rita");
        JsonNode room = ok(HOST.api().get(BASE + "/room?token=" + token + "&agentId=" + agentId)).get("room");
        assertEquals(agentId, room.get("servedBy").get("_id").asText());
        assertEquals(2, room.get("usersCount").asInt());
        String rid = room.get("_id").asText();
        JsonNode history = ok(HOST.api().get(BASE + "/messages.history/" + rid + "?token=" + token)).get("messages");
        // The join messages share a timestamp, one millisecond after the start message.
        assertEquals(Set.of("uj", "command"), Set.of(history.get(0).get("t").asText(),
                history.get(1).get("t").asText()));
        assertEquals("livechat-started", history.get(2).get("t").asText());
        assertEquals(username, ok(HOST.api().get(BASE + "/agent.info/" + rid + "/" + token)).get("agent")
                .get("username").asText());
        // An agent that is not logged in (no login token) is not online: the room waits, unserved.
        String offline = ok(HOST.operators().admin().post("/api/v1/users.create", Json.of(Map.of("username",
                "offline-" + UUID.randomUUID().toString().substring(0, 8), "name", "Off", "roles",
                List.of("agent"))))).get("user").get("_id").asText();
        String other = visitor(HOST.api(), "Sam");
        assertNull(ok(HOST.api().get(BASE + "/room?token=" + other + "&agentId=" + offline)).get("room")
                .get("servedBy"));
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void roomsInfoForAUserWhoMayReadTheRoomAndMeCarriesTheAgentsAvailability() {
        String username = user("agent", "info-password");
        ApiClient agent = login(username, "info-password");
        JsonNode me = ok(agent.get("/api/v1/me"));
        assertEquals("available", me.get("statusLivechat").asText(), me::toString);
        assertEquals("not-available", ok(agent.post("/api/v1/livechat/agent.status", "{}")).get("status").asText());
        assertEquals("not-available", ok(agent.get("/api/v1/me")).get("statusLivechat").asText());
        assertNull(ok(HOST.operators().admin().get("/api/v1/me")).get("statusLivechat")); // not an agent

        String token = visitor(HOST.api(), "Ines");
        String rid = openRoom(HOST.api(), token).get("_id").asText();
        send(HOST.api(), token, rid, "Hello?");
        // Nobody serves the room yet: an agent may not read it, a manager may.
        assertError(agent.get("/api/v1/rooms.info?roomId=" + rid), 400, "not-allowed", "Not Allowed");
        JsonNode managerView = ok(HOST.operators().admin().get("/api/v1/rooms.info?roomId=" + rid)).get("room");
        assertEquals(rid, managerView.get("_id").asText());
        assertEquals("Ines", managerView.get("fname").asText());
        assertEquals("l", managerView.get("t").asText());
        assertTrue(managerView.get("open").asBoolean(), managerView::toString);

        ok(agent.post("/api/v1/chat.sendMessage", Json.of(Map.of("message", Map.of("rid", rid, "msg", "Hi")))));
        JsonNode room = ok(agent.get("/api/v1/rooms.info?roomId=" + rid)).get("room");
        assertEquals(username, room.get("servedBy").get("username").asText());
        assertEquals(token, room.get("v").get("token").asText());
        ok(HOST.api().post(BASE + "/room.close", Json.of(Map.of("rid", rid, "token", token))));
        JsonNode closed = ok(agent.get("/api/v1/rooms.info?roomId=" + rid)).get("room");
        assertNull(closed.get("open"), closed::toString); // Rocket.Chat unsets it on close
        assertTrue(closed.has("closedAt"), closed::toString);

        for (String missing : List.of("", "?roomId=%20", "?roomName=")) {
            assertError(agent.get("/api/v1/rooms.info" + missing), 400,
                    "The parameter \"roomId\" or \"roomName\" is required [error-roomid-param-not-provided]",
                    "error-roomid-param-not-provided");
        }
        String notFound = "The required \"roomId\" or \"roomName\" param provided does not match any channel"
                + " [error-room-not-found]";
        assertError(agent.get("/api/v1/rooms.info?roomId=no-such-room"), 400, notFound, "error-room-not-found");
        // Livechat rooms have no name, only fname: a roomName never finds one, as in Rocket.Chat.
        assertError(agent.get("/api/v1/rooms.info?roomName=Ines"), 400, notFound, "error-room-not-found");
        assertEquals(401, HOST.api().get("/api/v1/rooms.info?roomId=" + rid).status());
    }

    @Test
    void sendAndSyncErrors() {
        ApiClient agent = login(user("agent", "pw-errors"), "pw-errors");
        String send = "/api/v1/chat.sendMessage";
        assertEquals(401, HOST.api().post(send, "{}").status());
        assertError(agent.post(send, Json.of(Map.of("previewUrls", List.of()))), 400,
                "must have required property 'message' [invalid-params]", "invalid-params");
        assertError(agent.post(send, Json.of(Map.of("message", Map.of("rid", "nope"), "x", 1))), 400,
                "must NOT have additional properties [invalid-params]", "invalid-params");
        assertError(agent.post(send, "{\"message\":null}"), 400, "must be object [invalid-params]", "invalid-params");
        // Rocket.Chat's canSendMessage and executeSendMessage throw plain errors here, in this order.
        assertError(agent.post(send, Json.of(Map.of("message", Map.of("rid", "nope", "msg", "x")))), 400,
                "error-invalid-room", null);
        assertError(agent.post(send, Json.of(Map.of("message", Map.of("msg", "x".repeat(5001))))), 400,
                "Message size exceeds Message_MaxAllowedSize [error-message-size-exceeded]",
                "error-message-size-exceeded");
        assertError(agent.post(send, Json.of(Map.of("message", Map.of("msg", "hi")))), 400,
                "The 'rid' property on the message object is missing.", null);
        assertError(agent.post(send, Json.of(Map.of("message", Map.of("rid", "nope", "msg", "")))), 400,
                "message.msg must be a non-empty string [invalid-params]", "invalid-params");

        String sync = "/api/v1/chat.syncMessages";
        assertError(agent.get(sync + "?lastUpdate=2020-01-01"), 400,
                "must have required property 'roomId' [invalid-params]", "invalid-params");
        assertError(agent.get(sync + "?roomId=r&since=2020-01-01"), 400,
                "must NOT have additional properties [invalid-params]", "invalid-params");
        assertError(agent.get(sync + "?roomId=r&type=NEW"), 400,
                "must be equal to one of the allowed values [invalid-params]", "invalid-params");
        assertError(agent.get(sync + "?roomId="), 400,
                "The required \"roomId\" query param is missing [error-param-required]", "error-param-required");
        assertError(agent.get(sync + "?roomId=r"), 400,
                "The \"type\" or \"lastUpdate\" parameters must be provided [error-param-required]",
                "error-param-required");
        for (String invalid : List.of("soon", "%2B300000000-01-01T00:00:00Z", "%2B999999999-12-31")) {
            assertError(agent.get(sync + "?roomId=r&lastUpdate=" + invalid), 400,
                    "The \"lastUpdate\" query parameter must be a valid date [error-lastUpdate-param-invalid]",
                    "error-lastUpdate-param-invalid");
        }
        // The cursor parameters are checked once the room may be read, as in Rocket.Chat's getMessageHistory.
        assertError(agent.get(sync + "?roomId=r&type=UPDATED&next=1"), 400, "Not allowed [error-not-allowed]",
                "error-not-allowed");
        String rid = openRoom(HOST.api(), visitor(HOST.api(), "Cy")).get("_id").asText();
        ok(agent.post(send, Json.of(Map.of("message", Map.of("rid", rid, "msg", "mine")))));
        String room = sync + "?roomId=" + rid;
        assertError(agent.get(room + "&next=1&lastUpdate=2020-01-01"), 400, "The \"type\" parameter is required "
                + "when using the \"next\" or \"previous\" parameters [error-type-param-required]",
                "error-type-param-required");
        assertError(agent.get(room + "&type=UPDATED&next=1&previous=2"), 400, "You cannot provide both \"next\" and "
                + "\"previous\" parameters [error-cursor-conflict]", "error-cursor-conflict");
        assertError(agent.get(room + "&type=UPDATED&next=1&lastUpdate=2020-01-01"), 400, "The attributes \"next\", "
                + "\"previous\" and \"lastUpdate\" cannot be used together [error-cursor-and-lastUpdate-conflict]",
                "error-cursor-and-lastUpdate-conflict");
        assertError(agent.get(room + "&type=UPDATED&next=soon"), 400, "Invalid Date", null);
        JsonNode nothing = ok(agent.get(room + "&type=UPDATED")).get("result");
        assertEquals("{\"updated\":[],\"deleted\":[]}", nothing.toString(), "type alone asks for nothing");
        // Date.parse takes a date alone (UTC midnight) and an offset.
        assertTrue(ok(agent.get(room + "&lastUpdate=2020-01-01")).get("result").get("updated").size() > 0);
        assertTrue(ok(agent.get(room + "&lastUpdate=2020-01-01T01:00:00%2B01:00")).get("result").get("updated")
                .size() > 0);
    }

    @Test
    void syncPagesByCursorAsRocketChat() throws Exception {
        ApiClient agent = login(user("agent", "pw-cursor"), "pw-cursor");
        String token = visitor(HOST.api(), "Cora");
        String rid = openRoom(HOST.api(), token).get("_id").asText();
        ok(agent.post("/api/v1/chat.sendMessage", Json.of(Map.of("message", Map.of("rid", rid, "msg", "mine")))));
        List<String> ids = new ArrayList<>();
        for (String text : List.of("m1", "m2", "m3")) {
            Thread.sleep(5); // each its own _updatedAt, the cursor's unit
            ids.add(send(HOST.api(), token, rid, text).get("_id").asText());
        }
        String sync = "/api/v1/chat.syncMessages?roomId=" + rid + "&type=UPDATED&count=2";
        JsonNode all = ok(agent.get("/api/v1/chat.syncMessages?roomId=" + rid + "&type=UPDATED&next=0&count=100"))
                .get("result");
        assertTrue(all.get("cursor").get("next").isNull(), "the last page has no next page");
        List<String> texts = new ArrayList<>();
        all.get("updated").forEach(message -> texts.add(message.get("msg").asText()));
        assertEquals(List.of("m1", "m2", "m3"), texts.subList(texts.size() - 3, texts.size()), "oldest first");
        long m1 = millis(all.get("updated").get(texts.size() - 3));
        long m2 = millis(all.get("updated").get(texts.size() - 2));
        long m3 = millis(all.get("updated").get(texts.size() - 1));

        JsonNode first = ok(agent.get(sync + "&next=" + (m1 - 1))).get("result");
        assertEquals(List.of(ids.get(0), ids.get(1)), idsOf(first.get("updated")));
        assertEquals("{\"next\":\"" + m2 + "\",\"previous\":\"" + m1 + "\"}", first.get("cursor").toString());
        assertEquals("[]", first.get("deleted").toString());
        JsonNode second = ok(agent.get(sync + "&next=" + m2)).get("result");
        assertEquals(List.of(ids.get(2)), idsOf(second.get("updated")));
        assertEquals("{\"next\":null,\"previous\":\"" + m3 + "\"}", second.get("cursor").toString());
        JsonNode back = ok(agent.get(sync + "&previous=" + (m3 + 1))).get("result");
        assertEquals(List.of(ids.get(2), ids.get(1)), idsOf(back.get("updated")), "newest first");
        assertEquals("{\"next\":\"" + m3 + "\",\"previous\":\"" + m2 + "\"}", back.get("cursor").toString());

        ok(HOST.api().send("DELETE", BASE + "/message/" + ids.get(1), Json.of(Map.of("token", token, "rid", rid))
                .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json")));
        JsonNode deleted = ok(agent.get("/api/v1/chat.syncMessages?roomId=" + rid + "&type=DELETED&next=0"))
                .get("result");
        assertEquals("[]", deleted.get("updated").toString());
        assertEquals(List.of(ids.get(1)), idsOf(deleted.get("deleted")));
        assertEquals(Instant.parse(deleted.get("deleted").get(0).get("_deletedAt").asText()).toEpochMilli(),
                Long.parseLong(deleted.get("cursor").get("previous").asText()));
        assertFalse(idsOf(ok(agent.get(sync + "&next=" + (m1 - 1))).get("result").get("updated"))
                .contains(ids.get(1)), "a deleted message is no longer among the updated ones");
    }

    private static long millis(JsonNode message) {
        return Instant.parse(message.get("_updatedAt").asText()).toEpochMilli();
    }

    private static List<String> idsOf(JsonNode messages) {
        List<String> ids = new ArrayList<>();
        messages.forEach(message -> ids.add(message.get("_id").asText()));
        return ids;
    }

    @Test
    void roomListingsAndTheManagersRoomsOfAToken() {
        String username = user("agent", "pw-list");
        ApiClient agent = login(username, "pw-list");
        String agentId = ok(agent.get("/api/v1/me")).get("_id").asText();
        String token = visitor(HOST.api(), "Pia");
        String rid = openRoom(HOST.api(), token).get("_id").asText();
        ok(agent.post("/api/v1/chat.sendMessage", Json.of(Map.of("message", Map.of("rid", rid, "msg", "hello")))));
        String closedToken = visitor(HOST.api(), "Quinn");
        String closedRid = openRoom(HOST.api(), closedToken).get("_id").asText();
        ok(HOST.api().post(BASE + "/room.close", Json.of(Map.of("rid", closedRid, "token", closedToken))));

        JsonNode mine = ok(agent.get(BASE + "/rooms?agents[]=" + agentId));
        assertEquals(1, mine.get("total").asInt());
        assertEquals(rid, mine.get("rooms").get(0).get("_id").asText());
        assertEquals(1, mine.get("count").asInt());
        assertEquals(0, mine.get("offset").asInt());
        // As Rocket.Chat: an agent lists only its own rooms (each carries its visitor's token, the visitor's
        // credential); every room takes view-livechat-rooms (managers, admins).
        for (String others : List.of("", "?open=true", "?agents[]=someone-else", "?agents[]=" + agentId
                + "&agents[]=someone-else", "?visitorId=nobody")) {
            Response refused = agent.get(BASE + "/rooms" + others);
            assertEquals(403, refused.status(), others);
            assertEquals("{\"success\":false,\"error\":\"unauthorized\"}", refused.text(), others);
        }
        ApiClient manager = HOST.operators().admin();
        JsonNode closed = ok(manager.get(BASE + "/rooms?open=false&count=100"));
        List<String> closedIds = new ArrayList<>();
        closed.get("rooms").forEach(room -> {
            closedIds.add(room.get("_id").asText());
            assertFalse(room.has("open"));
            assertEquals("visitor", room.get("closer").asText());
        });
        assertTrue(closedIds.contains(closedRid));
        // Beyond Rocket.Chat: one visitor's rooms, open and closed (the console's visitor page).
        String quinn = ok(HOST.api().get(BASE + "/visitor/" + closedToken)).get("visitor").get("_id").asText();
        JsonNode ofQuinn = ok(manager.get(BASE + "/rooms?visitorId=" + quinn));
        assertEquals(1, ofQuinn.get("total").asInt(), ofQuinn::toString);
        assertEquals(closedRid, ofQuinn.get("rooms").get(0).get("_id").asText());
        assertEquals(0, ok(manager.get(BASE + "/rooms?visitorId=nobody")).get("total").asInt());
        assertError(agent.get(BASE + "/rooms?visitorId=" + "v".repeat(129)), 400,
                "visitorId must NOT have more than 128 characters [invalid-params]", "invalid-params");
        String range = URLEncoder.encode("{\"start\":\"2000-01-01T00:00:00.000Z\",\"end\":\"2001-01-01T00:00:00Z\"}",
                StandardCharsets.UTF_8);
        assertEquals(0, ok(manager.get(BASE + "/rooms?createdAt=" + range)).get("total").asInt());
        String farPast = URLEncoder.encode("{\"start\":\"-300000000-01-01T00:00:00Z\"}", StandardCharsets.UTF_8);
        assertError(manager.get(BASE + "/rooms?closedAt=" + farPast), 400,
                "closedAt.start must be an ISO-8601 date [invalid-params]", "invalid-params");
        assertError(agent.get(BASE + "/rooms?open=maybe"), 400, "open must be true or false [invalid-params]",
                "invalid-params");
        assertEquals(401, HOST.api().get(BASE + "/rooms").status());

        assertEquals(403, agent.get(BASE + "/visitor/" + token + "/room").status());
        JsonNode rooms = ok(HOST.operators().admin().get(BASE + "/visitor/" + token + "/room")).get("rooms");
        assertEquals(1, rooms.size());
        assertEquals(rid, rooms.get(0).get("_id").asText());
        assertEquals("l", rooms.get(0).get("t").asText());
        assertEquals(agentId, rooms.get(0).get("servedBy").get("_id").asText());
        assertEquals(0, ok(HOST.operators().admin().get(BASE + "/visitor/unknown/room")).get("rooms").size());
    }

    @Test
    void theNewRoutesAreRateLimitedAsRocketChat() throws Exception {
        try (TestHost limited = TestHost.start(builder -> builder.rateLimit(true))) {
            ApiClient client = limited.client();
            String token = visitor(client, "Rae");
            for (int i = 0; i < 10; i++) {
                assertEquals(200, client.get(BASE + "/room?token=" + token).status());
            }
            Response over = client.get(BASE + "/room?token=" + token);
            assertEquals(429, over.status());
            assertEquals("error-too-many-requests", over.json().get("errorType").asText());
            assertEquals("10", over.header("X-RateLimit-Limit"));
        }
    }
}
