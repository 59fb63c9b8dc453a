package dev.switchboard.core.conversation;

import static dev.switchboard.core.conversation.ConversationIT.BASE;
import static dev.switchboard.core.conversation.ConversationIT.assertError;
import static dev.switchboard.core.conversation.ConversationIT.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.ApiClient.Response;
import dev.switchboard.core.testing.DdpClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.Operators;
import dev.switchboard.core.testing.ManualSelectionHost;
import dev.switchboard.core.testing.Operators.Login;
import dev.switchboard.core.testing.TestHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Agents acting on rooms over HTTP, as the widget's and agents' websockets see it: {@code room.closeByUser},
 * {@code room.forward} (to an agent, to a department), {@code room.join}, the inquiry queue's stream, their errors
 * and permissions, and a forward racing a take.
 */
class RoomRoutingIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static TestHost host;
    private static ApiClient api;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        host = Operators.startHost();
        api = host.client();
        admin = new Operators(host).admin();
        ManualSelectionHost.routing(admin, "Manual_Selection");
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    /** A visitor's room: the visitor's token and the room's id. */
    record Chat(String token, String rid) { }

    /** A new user with {@code roles}, logged in on {@code host}. */
    static Login person(TestHost host, List<String> roles) {
        String username = "routing-" + UUID.randomUUID().toString().substring(0, 8);
        return new Operators(host).login(username, "Agent " + username, roles);
    }

    private static Login person(List<String> roles) {
        return person(host, roles);
    }

    /** A new visitor's new room (queued under Manual_Selection); department may be null. */
    static Chat chat(ApiClient api, String department) {
        String token = "tok-" + UUID.randomUUID();
        Map<String, Object> visitor = department == null ? Map.of("token", token, "name", "Vera")
                : Map.of("token", token, "name", "Vera", "department", department);
        ok(api.post(BASE + "/visitor", Json.of(Map.of("visitor", visitor))));
        return new Chat(token, ok(api.get(BASE + "/room?token=" + token)).get("room").get("_id").asText());
    }

    /** A new enabled department with {@code agentIds}; answers its id. */
    static String department(ApiClient admin, List<String> agentIds) {
        List<Map<String, Object>> agents = new ArrayList<>();
        for (String id : agentIds) {
            agents.add(Map.of("agentId", id));
        }
        return ok(admin.post(BASE + "/department", Json.of(Map.of("department", Map.of("enabled", true,
                "name", "Routing " + UUID.randomUUID(), "showOnRegistration", true, "email", "desk@example.com",
                "showOnOfflineForm", true), "agents", agents)))).get("department").get("_id").asText();
    }

    /** {@code agent} takes the room's queued inquiry. */
    static void take(Login agent, String rid) {
        JsonNode inquiry = DeskIT.inquiryOf(agent.client(), rid);
        assertNotNull(inquiry, "queued for " + agent.username());
        ok(agent.client().post(BASE + "/inquiries.take", Json.of(Map.of("inquiryId", inquiry.get("_id").asText()))));
    }

    /** A websocket subscribed, as the room's visitor, to its messages and its livechat-room events. */
    static DdpClient widget(int port, Chat chat) {
        DdpClient socket = DdpClient.connected(port);
        assertEquals("ready", socket.subscribeAsVisitor("m", "stream-room-messages", chat.rid(), chat.token())
                .get("msg").asText());
        assertEquals("ready", socket.subscribeAsVisitor("r", "stream-livechat-room", chat.rid(), chat.token())
                .get("msg").asText());
        return socket;
    }

    /** A websocket logged in as {@code person}. */
    static DdpClient agentSocket(int port, Login person) {
        DdpClient socket = DdpClient.connected(port);
        assertNull(socket.call("l", "login", "[{\"resume\":\"" + person.token() + "\"}]").get("error"));
        return socket;
    }

    /** The next event of {@code stream} on {@code socket}, as its first arg. */
    static JsonNode nextOn(DdpClient socket, String stream) {
        return socket.next(frame -> "changed".equals(frame.path("msg").asText())
                && stream.equals(frame.path("collection").asText())).get("fields").get("args").get(0);
    }

    /** The room as a manager lists it. */
    private static JsonNode roomOf(String rid) {
        for (JsonNode room : ok(admin.get(BASE + "/rooms?count=100")).get("rooms")) {
            if (room.get("_id").asText().equals(rid)) {
                return room;
            }
        }
        throw new AssertionError("no room " + rid);
    }

    private static Response closeByUser(ApiClient client, Object body) {
        return client.post(BASE + "/room.closeByUser", Json.of(body));
    }

    private static Response forward(ApiClient client, Object body) {
        return client.post(BASE + "/room.forward", Json.of(body));
    }

    @Test
    void loggingOutEndsTheWebsocketsThatLoggedInWithThatToken() {
        Login agent = person(List.of("agent"));
        Chat chat = chat(api, null);
        take(agent, chat.rid());
        Login colleague = person(List.of("agent"));
        try (DdpClient socket = agentSocket(host.port(), agent);
             DdpClient other = agentSocket(host.port(), colleague)) {
            assertEquals("ready", socket.subscribe("m", "stream-room-messages", "[\"" + chat.rid() + "\",false]")
                    .get("msg").asText());
            assertEquals(200, agent.client().post("/api/v1/logout", Json.of(Map.of())).status());
            // As Meteor closes the connections of a removed login token: no more events on a revoked login.
            assertEquals(1000, socket.awaitClose());
            assertNull(other.call("again", "login", "[{\"resume\":\"" + colleague.token() + "\"}]").get("error"),
                    "another user's connection stays logged in");
        }
    }

    @Test
    void anAgentTakesARoomByWritingOnlyFromAQueueItSees() {
        Login inDepartment = person(List.of("agent"));
        Login elsewhere = person(List.of("agent"));
        Chat queued = chat(api, department(admin, List.of(inDepartment.id())));
        // Rocket.Chat's room access lets an agent into a queued room of the public queue or its departments' only.
        assertError(elsewhere.client().post("/api/v1/chat.sendMessage", Json.of(Map.of("message",
                Map.of("rid", queued.rid(), "msg", "not my queue")))), 400, "error-not-allowed", null);
        assertFalse(roomOf(queued.rid()).has("servedBy"), "the room still waits");
        ok(inDepartment.client().post("/api/v1/chat.sendMessage", Json.of(Map.of("message",
                Map.of("rid", queued.rid(), "msg", "my queue")))));
        assertEquals(inDepartment.id(), roomOf(queued.rid()).get("servedBy").get("_id").asText());
        Chat open = chat(api, null);
        ok(elsewhere.client().post("/api/v1/chat.sendMessage", Json.of(Map.of("message",
                Map.of("rid", open.rid(), "msg", "the public queue is everyone's")))));
        assertEquals(elsewhere.id(), roomOf(open.rid()).get("servedBy").get("_id").asText());
    }

    @Test
    void anAgentClosesItsRoomAndTheWidgetSeesItLive() {
        Login agent = person(List.of("agent"));
        Chat chat = chat(api, null);
        take(agent, chat.rid());
        try (DdpClient widget = widget(host.port(), chat)) {
            assertEquals("{\"success\":true}", ok(closeByUser(agent.client(), Map.of("rid", chat.rid(),
                    "comment", "Solved, thanks", "tags", List.of("billing", "billing", "vip")))).toString());
            JsonNode close = nextOn(widget, "stream-room-messages");
            assertEquals("livechat-close", close.get("t").asText());
            assertEquals("Solved, thanks", close.get("msg").asText());
            assertEquals(Map.of("_id", agent.id(), "username", agent.username()),
                    MAPPER.convertValue(close.get("u"), Map.class), "the closer, without a name");
            assertFalse(close.get("groupable").asBoolean());
            assertNull(close.get("token"), "a user's close carries no visitor token");
        }
        JsonNode room = roomOf(chat.rid());
        assertNull(room.get("open"));
        assertEquals("user", room.get("closer").asText());
        assertEquals(agent.id(), room.get("closedBy").get("_id").asText());
        assertEquals(List.of("billing", "vip"), MAPPER.convertValue(room.get("tags"), List.class));
        assertTrue(room.get("metrics").has("serviceTimeDuration"));
        // As Rocket.Chat's closeLivechatRoom: who may close is asked first, and the agent is no member any more.
        assertError(closeByUser(agent.client(), Map.of("rid", chat.rid())), 400, "error-not-authorized", null);
        assertError(closeByUser(admin, Map.of("rid", chat.rid())), 400, "error-room-already-closed", null);
        assertError(api.post(BASE + "/message", Json.of(Map.of("token", chat.token(), "rid", chat.rid(),
                "msg", "Still there?"))), 400, "room-closed", null);
    }

    @Test
    void closeByUserFollowsRocketChatsRules() {
        Login agent = person(List.of("agent"));
        Login other = person(List.of("agent"));
        Login manager = person(List.of("manager"));
        Chat chat = chat(api, null);
        take(agent, chat.rid());
        assertError(closeByUser(other.client(), Map.of("rid", chat.rid())), 400, "error-not-authorized", null);
        assertError(closeByUser(agent.client(), Map.of("rid", "no-such-room")), 400, "error-invalid-room", null);
        assertError(closeByUser(agent.client(), Map.of("reason", "x")), 400,
                "must have required property 'rid' [invalid-params]", "invalid-params");
        assertError(closeByUser(agent.client(), Map.of("rid", chat.rid(), "reason", "x")), 400,
                "must NOT have additional properties [invalid-params]", "invalid-params");
        assertError(closeByUser(agent.client(), Map.of("rid", chat.rid(), "tags", "vip")), 400,
                "tags must be array [invalid-params]", "invalid-params");
        assertError(closeByUser(agent.client(), Map.of("rid", chat.rid(), "transcriptEmail", Map.of())), 400,
                "must have required property 'sendToVisitor' [invalid-params]", "invalid-params");
        assertEquals(403, closeByUser(person(List.of("user")).client(), Map.of("rid", chat.rid())).status());
        assertEquals(401, closeByUser(api, Map.of("rid", chat.rid())).status());

        // A manager closes rooms it is not in (close-others-livechat-room); the comment may be left out.
        ok(closeByUser(manager.client(), Map.of("rid", chat.rid())));
        assertEquals(manager.id(), roomOf(chat.rid()).get("closedBy").get("_id").asText());

        // A department asking for tags before closing refuses a close without them.
        String tagged = ok(admin.post(BASE + "/department", Json.of(Map.of("department", Map.of("enabled", true,
                "name", "Tagged " + UUID.randomUUID(), "showOnRegistration", true, "email", "t@example.com",
                "showOnOfflineForm", true, "requestTagBeforeClosingChat", true, "chatClosingTags", List.of("sales")),
                "agents", List.of(Map.of("agentId", agent.id())))))).get("department").get("_id").asText();
        Chat inDepartment = chat(api, tagged);
        take(agent, inDepartment.rid());
        assertError(closeByUser(agent.client(), Map.of("rid", inDepartment.rid())), 400,
                "error-tags-must-be-assigned-before-closing-chat", null);
        ok(closeByUser(agent.client(), Map.of("rid", inDepartment.rid(), "tags", List.of("lead"))));
        assertEquals(List.of("lead", "sales"), MAPPER.convertValue(roomOf(inDepartment.rid()).get("tags"),
                List.class), "the caller's tags, then the department's");
    }

    @Test
    void aManagerForwardsToAnotherAgentAndTheWidgetLearnsTheNewAgent() {
        Login first = person(List.of("agent"));
        Login second = person(List.of("agent"));
        Login manager = person(List.of("manager", "agent"));
        Chat chat = chat(api, null);
        take(first, chat.rid());
        try (DdpClient widget = widget(host.port(), chat);
             DdpClient firstSocket = agentSocket(host.port(), first)) {
            assertEquals("ready", firstSocket.subscribe("m", "stream-room-messages", "[\"" + chat.rid()
                    + "\",false]").get("msg").asText());
            ok(forward(manager.client(), Map.of("roomId", chat.rid(), "userId", second.id(),
                    "comment", "Billing question")));
            JsonNode agentData = nextOn(widget, "stream-livechat-room");
            assertEquals("agentData", agentData.get("type").asText());
            assertEquals(Map.of("_id", second.id(), "username", second.username(), "name", "Agent "
                    + second.username()), MAPPER.convertValue(agentData.get("data"), Map.class));
            // The old agent left the room: its socket's subscription ends, and it hears nothing more.
            JsonNode ended = firstSocket.next(frame -> "nosub".equals(frame.path("msg").asText()));
            assertEquals("m", ended.get("id").asText());
            assertEquals("not-allowed", ended.get("error").get("error").asText());
            ConversationIT.send(api, chat.token(), chat.rid(), "Are you still there?");
            assertEquals("Are you still there?", nextOn(widget, "stream-room-messages").get("msg").asText());
            firstSocket.assertSilentFor(Duration.ofMillis(300));
        }
        // The messages, in the order Rocket.Chat writes them (its join messages share one time), before the
        // visitor's question.
        JsonNode history = ok(api.get(BASE + "/messages.history/" + chat.rid() + "?token=" + chat.token()))
                .get("messages");
        assertEquals("Are you still there?", history.get(0).get("msg").asText());
        assertEquals(Set.of("command", "uj"), Set.of(history.get(4).get("t").asText(), history.get(3).get("t")
                .asText()));
        assertEquals(List.of("livechat_transfer_history", "ul"), List.of(history.get(2).get("t").asText(),
                history.get(1).get("t").asText()));
        JsonNode transfer = history.get(2).get("transferData");
        assertEquals("agent", transfer.get("scope").asText());
        assertEquals("Billing question", transfer.get("comment").asText());
        assertEquals(Map.of("_id", manager.id(), "username", manager.username(), "name", "Agent "
                + manager.username(), "userType", "user"), MAPPER.convertValue(transfer.get("transferredBy"),
                Map.class));
        assertEquals(second.id(), transfer.get("transferredTo").get("_id").asText());
        assertEquals(first.username(), history.get(1).get("msg").asText(), "the old agent left");

        assertEquals(second.id(), roomOf(chat.rid()).get("servedBy").get("_id").asText());
        assertError(first.client().get("/api/v1/chat.syncMessages?roomId=" + chat.rid()
                + "&lastUpdate=2000-01-01T00:00:00.000Z"), 400, "Not allowed [error-not-allowed]", "error-not-allowed");
        ok(second.client().get("/api/v1/chat.syncMessages?roomId=" + chat.rid()
                + "&lastUpdate=2000-01-01T00:00:00.000Z"));
        assertError(closeByUser(first.client(), Map.of("rid", chat.rid())), 400, "error-not-authorized", null);
        ok(closeByUser(second.client(), Map.of("rid", chat.rid())));
    }

    @Test
    void forwardFollowsRocketChatsRules() {
        Login agent = person(List.of("agent"));
        Login away = person(List.of("agent"));
        ok(away.client().post(BASE + "/agent.status", Json.of(Map.of("status", "not-available"))));
        Login manager = person(List.of("manager"));
        Chat chat = chat(api, null);
        take(agent, chat.rid());
        ApiClient client = manager.client();
        assertEquals(403, forward(agent.client(), Map.of("roomId", chat.rid(), "userId", away.id())).status(),
                "agents have no transfer-livechat-guest, as in Rocket.Chat");
        assertError(forward(client, Map.of("roomId", chat.rid(), "userId", away.id())), 400, "error-user-is-offline",
                null);
        assertError(forward(client, Map.of("roomId", chat.rid(), "userId", agent.id())), 400,
                "error-selected-agent-room-agent-are-same", null);
        assertError(forward(client, Map.of("roomId", chat.rid())), 400, "error-forwarding-chat", null);
        assertError(forward(client, Map.of("roomId", chat.rid(), "departmentId", "no-such-department")), 400,
                "error-invalid-department", null);
        assertError(forward(client, Map.of("roomId", "no-such-room", "userId", agent.id())), 400,
                "error-invalid-room", null);
        assertError(forward(client, Map.of("userId", agent.id(), "reason", "x")), 400,
                "must have required property 'roomId' [invalid-params]", "invalid-params");
        assertError(forward(client, Map.of("roomId", chat.rid(), "clientAction", "yes")), 400,
                "clientAction must be boolean [invalid-params]", "invalid-params");
        String department = department(admin, List.of(agent.id()));
        assertError(forward(client, Map.of("roomId", chat.rid(), "departmentId", department,
                "userId", person(List.of("agent")).id())), 400, "error-user-not-belong-to-department", null);
        ok(closeByUser(agent.client(), Map.of("rid", chat.rid())));
        assertError(forward(client, Map.of("roomId", chat.rid(), "userId", agent.id())), 400,
                "This_conversation_is_already_closed", null);
        assertEquals(agent.id(), roomOf(chat.rid()).get("servedBy").get("_id").asText(), "refusals change nothing");
    }

    @Test
    void forwardingToADepartmentQueuesTheRoomThereUnderManualSelection() {
        Login agent = person(List.of("agent"));
        Login inDepartment = person(List.of("agent"));
        Login manager = person(List.of("manager"));
        String department = department(admin, List.of(inDepartment.id()));
        Chat chat = chat(api, null);
        take(agent, chat.rid());
        try (DdpClient widget = widget(host.port(), chat);
             DdpClient queue = agentSocket(host.port(), inDepartment)) {
            assertEquals("ready", queue.subscribe("q", "stream-livechat-inquiry-queue-observer",
                    "[\"department/" + department + "\",false]").get("msg").asText());
            ok(forward(manager.client(), Map.of("roomId", chat.rid(), "departmentId", department)));
            JsonNode agentData = nextOn(widget, "stream-livechat-room");
            assertEquals("{\"type\":\"agentData\"}", agentData.toString(), "nobody serves the room now");
            JsonNode changed = nextOn(queue, "stream-livechat-inquiry-queue-observer");
            assertEquals("changed", changed.get("type").asText());
            assertEquals("queued", changed.get("status").asText());
            assertEquals(department, changed.get("department").asText());
        }
        JsonNode room = roomOf(chat.rid());
        assertNull(room.get("servedBy"));
        assertEquals(department, room.get("departmentId").asText());
        assertNotNull(DeskIT.inquiryOf(inDepartment.client(), chat.rid()), "queued in the department");
        assertError(forward(manager.client(), Map.of("roomId", chat.rid(), "departmentId", department)), 400,
                "error-forwarding-chat-same-department", null);
        take(inDepartment, chat.rid());
        assertEquals(inDepartment.id(), roomOf(chat.rid()).get("servedBy").get("_id").asText());
    }

    @Test
    void forwardingToADepartmentRoutesToItsAgentUnderAutoSelection() {
        Login agent = person(List.of("agent"));
        Login inDepartment = person(List.of("agent"));
        Login manager = person(List.of("manager"));
        String department = department(admin, List.of(inDepartment.id()));
        String empty = department(admin, List.of());
        Chat chat = chat(api, null);
        take(agent, chat.rid());
        ManualSelectionHost.routing(admin, "Auto_Selection");
        try (DdpClient widget = widget(host.port(), chat)) {
            assertError(forward(manager.client(), Map.of("roomId", chat.rid(), "departmentId", empty)), 400,
                    "error-no-agents-online-in-department", null);
            ok(forward(manager.client(), Map.of("roomId", chat.rid(), "departmentId", department)));
            assertEquals(inDepartment.id(), nextOn(widget, "stream-livechat-room").get("data").get("_id").asText());
        } finally {
            ManualSelectionHost.routing(admin, "Manual_Selection");
        }
        JsonNode room = roomOf(chat.rid());
        assertEquals(inDepartment.id(), room.get("servedBy").get("_id").asText());
        assertEquals(department, room.get("departmentId").asText());
    }

    @Test
    void usersJoinRoomsTheyMayAccess() {
        Login agent = person(List.of("agent"));
        Login other = person(List.of("agent"));
        Login manager = person(List.of("manager"));
        Chat chat = chat(api, null);
        String join = BASE + "/room.join?roomId=" + chat.rid();
        try (DdpClient widget = widget(host.port(), chat)) {
            // Manual_Selection lets an agent preview (and join) a room of the public queue.
            assertEquals("{\"success\":true}", ok(other.client().get(join)).toString());
            JsonNode joined = nextOn(widget, "stream-room-messages");
            assertEquals("uj", joined.get("t").asText());
            assertEquals(other.username(), joined.get("msg").asText());
        }
        ok(other.client().get(join));
        take(agent, chat.rid());
        Login third = person(List.of("agent"));
        assertError(third.client().get(join), 400, "error-not-allowed", null);
        ok(manager.client().get(join));
        // A joined user reads the room and may close it, as Rocket.Chat's subscription allows.
        ok(other.client().get("/api/v1/chat.syncMessages?roomId=" + chat.rid()
                + "&lastUpdate=2000-01-01T00:00:00.000Z"));
        assertError(third.client().get(BASE + "/room.join?x=1"), 400,
                "must have required property 'roomId' [invalid-params]", "invalid-params");
        assertError(third.client().get(join + "&x=1"), 400,
                "must NOT have additional properties [invalid-params]", "invalid-params");
        assertError(third.client().get(BASE + "/room.join?roomId=no-such-room"), 400, "error-invalid-room", null);
        ok(closeByUser(other.client(), Map.of("rid", chat.rid())));
        assertError(manager.client().get(join), 400, "room-closed", null);
        assertEquals(401, api.get(join).status());
    }

    @Test
    void agentsSeeTheQueueChangeOnTheirSocket() {
        Login agent = person(List.of("agent"));
        Login outsider = person(List.of("agent"));
        String department = department(admin, List.of(agent.id()));
        try (DdpClient queue = agentSocket(host.port(), agent);
             DdpClient refused = agentSocket(host.port(), outsider);
             DdpClient anonymous = DdpClient.connected(host.port())) {
            assertEquals("ready", queue.subscribe("p", "stream-livechat-inquiry-queue-observer",
                    "[\"public\",false]").get("msg").asText());
            assertEquals("ready", queue.subscribe("a", "stream-livechat-inquiry-queue-observer",
                    "[\"agent/" + agent.id() + "\",false]").get("msg").asText());
            assertEquals("not-allowed", refused.subscribe("d", "stream-livechat-inquiry-queue-observer",
                    "[\"department/" + department + "\",false]").get("error").get("error").asText());
            assertEquals("not-allowed", refused.subscribe("o", "stream-livechat-inquiry-queue-observer",
                    "[\"agent/" + agent.id() + "\",false]").get("error").get("error").asText());
            assertEquals("not-allowed", anonymous.subscribe("p", "stream-livechat-inquiry-queue-observer",
                    "[\"public\",false]").get("error").get("error").asText());

            Chat chat = chat(api, null);
            JsonNode added = nextOn(queue, "stream-livechat-inquiry-queue-observer");
            assertEquals("added", added.get("type").asText());
            assertEquals(chat.rid(), added.get("rid").asText());
            assertEquals("queued", added.get("status").asText());
            assertTrue(added.get("ts").has("$date"), "EJSON dates, as every stream event");
            assertEquals("changed", nextOn(queue, "stream-livechat-inquiry-queue-observer").get("type").asText());
            take(agent, chat.rid());
            JsonNode taken = nextOn(queue, "stream-livechat-inquiry-queue-observer");
            assertEquals("changed", taken.get("type").asText());
            assertEquals("taken", taken.get("status").asText());
            ok(closeByUser(agent.client(), Map.of("rid", chat.rid())));
            JsonNode removed = nextOn(queue, "stream-livechat-inquiry-queue-observer");
            assertEquals("removed", removed.get("type").asText());
            assertEquals(chat.rid(), removed.get("rid").asText());

            // Under Auto_Selection agents are given rooms: Rocket.Chat has no queue to watch then.
            ManualSelectionHost.routing(admin, "Auto_Selection");
            try {
                chat(api, null);
                queue.assertSilentFor(Duration.ofMillis(500));
            } finally {
                ManualSelectionHost.routing(admin, "Manual_Selection");
            }
        }
    }

    /**
     * A manager forwards a queued room to one agent while another takes it: whichever commits second sees the
     * first's outcome, so the room ends with one agent, its inquiry taken, and that agent its only member.
     */
    @Test
    void aForwardRacingATakeLeavesOneConsistentState() throws Exception {
        Login taker = person(List.of("agent"));
        Login target = person(List.of("agent"));
        Login manager = person(List.of("manager"));
        for (int round = 0; round < 10; round++) {
            Chat chat = chat(api, null);
            String inquiryId = DeskIT.inquiryOf(taker.client(), chat.rid()).get("_id").asText();
            List<Response> answers = race(
                    () -> taker.client().post(BASE + "/inquiries.take", Json.of(Map.of("inquiryId", inquiryId))),
                    () -> forward(manager.client(), Map.of("roomId", chat.rid(), "userId", target.id())));
            // Either order ends with the target serving: a take first is forwarded on; a forward first leaves
            // nothing to take.
            assertEquals(200, answers.get(1).status(), answers.get(1)::toString);
            if (answers.get(0).status() != 200) {
                assertError(answers.get(0), 400, "Inquiry already taken [error-inquiry-taken]", "error-inquiry-taken");
            }
            JsonNode room = roomOf(chat.rid());
            assertEquals(target.id(), room.get("servedBy").get("_id").asText());
            assertEquals(2, room.get("usersCount").asInt(), "the visitor and one agent");
            assertNull(DeskIT.inquiryOf(taker.client(), chat.rid()), "the inquiry is taken");
            assertError(taker.client().get("/api/v1/chat.syncMessages?roomId=" + chat.rid()
                    + "&lastUpdate=2000-01-01T00:00:00.000Z"), 400, "Not allowed [error-not-allowed]",
                    "error-not-allowed");
            ok(closeByUser(target.client(), Map.of("rid", chat.rid())));
        }
    }

    /** Runs both calls at once; answers their responses in order. */
    @SafeVarargs
    static List<Response> race(java.util.function.Supplier<Response>... calls) throws Exception {
        CyclicBarrier start = new CyclicBarrier(calls.length);
        List<CompletableFuture<Response>> running = new ArrayList<>();
        for (java.util.function.Supplier<Response> call : calls) {
            running.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return call.get();
            }));
        }
        List<Response> answers = new ArrayList<>();
        for (CompletableFuture<Response> call : running) {
            answers.add(call.get());
        }
        return answers;
    }
}
