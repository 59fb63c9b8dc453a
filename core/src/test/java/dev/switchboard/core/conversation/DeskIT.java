package dev.switchboard.core.conversation;

import static dev.switchboard.core.conversation.ConversationIT.assertError;
import static dev.switchboard.core.conversation.ConversationIT.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.realtime.StreamBus;
import dev.switchboard.core.realtime.StreamEvent;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.ApiClient.Response;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.ManualSelectionHost;
import dev.switchboard.core.testing.Operators;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Agents and managers ({@code livechat/users/:type}), availability ({@code agent.status}, the widget's
 * {@code online}), and the inquiry queue ({@code inquiries.queuedForUser}, {@code inquiries.take}).
 */
class DeskIT {
    private static final String BASE = ConversationIT.BASE;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    @RegisterExtension
    static final ManualSelectionHost HOST = new ManualSelectionHost();

    /** A logged-in user: its id, username and a client carrying its login. */
    record Desk(String id, String username, ApiClient client) { }

    /** Creates a user with {@code roles} and a password through {@code admin}, and logs it in. */
    static Desk user(ApiClient admin, ApiClient anonymous, List<String> roles) {
        String username = "desk-" + UUID.randomUUID().toString().substring(0, 8);
        Response created = admin.post("/api/v1/users.create", Json.of(Map.of("username", username,
                "name", "Agent " + username, "email", username + "@example.com", "password", "pw-" + username,
                "roles", roles)));
        assertEquals(200, created.status(), created::toString);
        Response login = anonymous.post("/api/v1/login", Json.of(Map.of("user", username, "password",
                "pw-" + username)));
        assertEquals(200, login.status(), login::toString);
        JsonNode data = login.json().get("data");
        return new Desk(data.get("userId").asText(), username, anonymous.withHeaders(Map.of(
                "X-User-Id", data.get("userId").asText(), "X-Auth-Token", data.get("authToken").asText())));
    }

    private static Desk user(List<String> roles) {
        return user(HOST.operators().admin(), HOST.api(), roles);
    }

    /** A new enabled department with {@code agents}; answers its id. */
    private static String department(List<Map<String, Object>> agents) {
        return ok(HOST.operators().admin().post(BASE + "/department", Json.of(Map.of("department",
                Map.of("enabled", true, "name", "Desk " + UUID.randomUUID(), "showOnRegistration", true,
                        "email", "desk@example.com", "showOnOfflineForm", true),
                "agents", agents)))).get("department").get("_id").asText();
    }

    /** A registered visitor's new room (department may be null); answers the room's id. */
    static String room(ApiClient widget, String department) {
        String token = "tok-" + UUID.randomUUID();
        Map<String, Object> visitor = department == null ? Map.of("token", token, "name", "Vera")
                : Map.of("token", token, "name", "Vera", "department", department);
        ok(widget.post(BASE + "/visitor", Json.of(Map.of("visitor", visitor))));
        return ok(widget.get(BASE + "/room?token=" + token)).get("room").get("_id").asText();
    }

    /** The queued inquiry of room {@code rid} as {@code agent} sees it, or null. */
    static JsonNode inquiryOf(ApiClient agent, String rid) {
        for (JsonNode inquiry : ok(agent.get(BASE + "/inquiries.queuedForUser?count=100")).get("inquiries")) {
            if (inquiry.get("rid").asText().equals(rid)) {
                return inquiry;
            }
        }
        return null;
    }

    @Test
    void managersAddListShowAndRemoveAgents() {
        Desk plain = user(List.of("user"));
        JsonNode added = ok(HOST.operators().admin().post(BASE + "/users/agent",
                Json.of(Map.of("username", plain.username())))).get("user");
        assertEquals(Map.of("_id", plain.id(), "username", plain.username()),
                MAPPER.convertValue(added, Map.class));
        JsonNode shown = ok(HOST.operators().admin().get(BASE + "/users/agent/" + plain.id())).get("user");
        assertEquals(plain.username(), shown.get("username").asText());
        assertEquals("available", shown.get("statusLivechat").asText(), "a new agent is available");
        assertEquals("online", shown.get("status").asText(), "it holds a login token");
        assertEquals(plain.username() + "@example.com", shown.get("emails").get(0).get("address").asText());
        assertTrue(ok(HOST.operators().admin().get(BASE + "/users/manager/" + plain.id())).get("user").isNull());

        JsonNode page = ok(HOST.operators().admin().get(BASE + "/users/agent?text=" + plain.username().toUpperCase()));
        assertEquals(1, page.get("total").asInt());
        assertEquals(1, page.get("count").asInt());
        assertEquals(0, page.get("offset").asInt());
        assertEquals(plain.id(), page.get("users").get(0).get("_id").asText());
        assertEquals("[]", page.get("users").get(0).get("departments").toString(),
                "a listing carries the user's departments (Rocket.Chat's findAgentsWithDepartments)");
        assertFalse(shown.has("departments"), "one user is shown without them");
        // As Rocket.Chat's findUsers, the text also matches the email address.
        assertEquals(plain.id(), ok(HOST.operators().admin().get(BASE + "/users/agent?text=" + plain.username()
                + "%40EXAMPLE")).get("users").get(0).get("_id").asText());
        // Adding an agent again makes it available again, as Rocket.Chat's addAgent does.
        ok(plain.client().post(BASE + "/agent.status", Json.of(Map.of("status", "not-available"))));
        ok(HOST.operators().admin().post(BASE + "/users/agent", Json.of(Map.of("username", plain.username()))));
        assertEquals("available", ok(HOST.operators().admin().get(BASE + "/users/agent/" + plain.id()))
                .get("user").get("statusLivechat").asText());
        // The role is effective at once: the new agent may read the queue.
        ok(plain.client().get(BASE + "/inquiries.queuedForUser"));

        ok(HOST.operators().admin().post(BASE + "/users/manager", Json.of(Map.of("username", plain.username()))));
        assertEquals(plain.id(), ok(HOST.operators().admin().get(BASE + "/users/manager?text=" + plain.username()))
                .get("users").get(0).get("_id").asText());

        ok(HOST.operators().admin().delete(BASE + "/users/agent/" + plain.id()));
        assertTrue(ok(HOST.operators().admin().get(BASE + "/users/agent/" + plain.id())).get("user").isNull());
        assertEquals(0, ok(HOST.operators().admin().get(BASE + "/users/agent?text=" + plain.username()))
                .get("total").asInt());
        ok(HOST.operators().admin().delete(BASE + "/users/manager/" + plain.id()));
        assertError(plain.client().get(BASE + "/inquiries.queuedForUser"), 403, "User does not have the "
                + "permissions required for this action [error-unauthorized]", "error-unauthorized");
    }

    @Test
    void agentRoutesRefuseWhatRocketChatRefuses() {
        ApiClient admin = HOST.operators().admin();
        // Rocket.Chat's omni-users throw a plain Error: no errorType.
        assertError(admin.post(BASE + "/users/agent", Json.of(Map.of("username", "nobody-at-all"))), 400,
                "error-invalid-user", null);
        assertError(admin.post(BASE + "/users/owner", Json.of(Map.of("username", "x"))), 400, "Invalid type", null);
        assertError(admin.get(BASE + "/users/owner"), 400, "Invalid type", null);
        assertError(admin.post(BASE + "/users/agent", Json.of(Map.of("role", "y"))), 400,
                "must have required property 'username' [invalid-params]", "invalid-params");
        assertError(admin.post(BASE + "/users/agent", Json.of(Map.of("username", "x", "role", "y"))), 400,
                "must NOT have additional properties [invalid-params]", "invalid-params");
        assertError(admin.delete(BASE + "/users/agent/no-such-user"), 400, "error-invalid-user", null);
        assertError(admin.delete(BASE + "/users/manager/no-such-user"), 400, "error-invalid-user", null);
        assertError(admin.get(BASE + "/users/agent?role=x"), 400,
                "must NOT have additional properties [invalid-params]", "invalid-params");
        assertError(admin.get(BASE + "/users/agent?onlyAvailable=yes"), 400,
                "onlyAvailable must be boolean [invalid-params]", "invalid-params");
        Desk agent = user(List.of("agent"));
        // Listing checks the permission its type needs inside the route: Rocket.Chat's API.v1.forbidden().
        assertError(agent.client().get(BASE + "/users/agent"), 403, "unauthorized", null);
        assertError(agent.client().get(BASE + "/users/manager"), 403, "unauthorized", null);
        assertError(agent.client().get(BASE + "/users/owner"), 400, "Invalid type", null);
        assertEquals(403, agent.client().post(BASE + "/users/agent", Json.of(Map.of("username", "x"))).status());
        assertEquals(401, HOST.api().get(BASE + "/users/agent").status());
    }

    @Test
    void listingFiltersAndSortsAsRocketChatsFindUsers() {
        String tag = "list" + UUID.randomUUID().toString().substring(0, 8);
        Operators.Login zed = HOST.operators().login(tag + "-zed", tag + " Zed", List.of("agent"));
        HOST.operators().userWithRoles(tag + "-amy", tag + " Amy", List.of("agent")); // no login: offline
        Operators.Login bob = HOST.operators().login(tag + "-bob", tag + " Bob", List.of("agent", "manager"));
        ok(bob.client().post(BASE + "/agent.status", Json.of(Map.of("status", "not-available"))));
        ApiClient admin = HOST.operators().admin();
        String agents = BASE + "/users/agent?text=" + tag;
        assertEquals(List.of("Amy", "Bob", "Zed"), names(admin.get(agents)), "by name");
        assertEquals(List.of("Amy", "Zed"), names(admin.get(agents + "&onlyAvailable=true")),
                "statusLivechat available, whether online or not");
        assertEquals(List.of("Bob", "Zed"), names(admin.get(agents + "&showIdleAgents=false")), "online only");
        assertEquals(List.of("Amy", "Bob"), names(admin.get(agents + "&excludeId=" + zed.id())));
        assertEquals(List.of("Bob"), names(admin.get(BASE + "/users/manager?text=" + tag + "&onlyAvailable=true"
                + "&excludeId=" + bob.id())), "a managers' listing takes the text alone");
    }

    /** The names in a listing, less the test's tag. */
    private static List<String> names(Response listing) {
        List<String> names = new ArrayList<>();
        ok(listing).get("users").forEach(user -> names.add(user.get("name").asText().replaceAll("^\\S+ ", "")));
        return names;
    }

    @Test
    void agentStatusTogglesSetsAndGuardsOtherAgents() {
        Desk agent = user(List.of("agent"));
        Desk other = user(List.of("agent"));
        String path = BASE + "/agent.status";
        assertEquals("not-available", ok(agent.client().post(path, "{}")).get("status").asText());
        assertEquals("available", ok(agent.client().post(path, "{}")).get("status").asText());
        assertEquals("not-available", ok(agent.client().post(path, Json.of(Map.of("status", "not-available"))))
                .get("status").asText());
        assertEquals("not-available", ok(agent.client().post(path, Json.of(Map.of("status", "not-available"))))
                .get("status").asText(), "setting the status it has changes nothing");
        assertEquals("not-available", ok(HOST.operators().admin().get(BASE + "/users/agent/" + agent.id()))
                .get("user").get("statusLivechat").asText());
        assertError(agent.client().post(path, Json.of(Map.of("status", "away"))), 400,
                "must be equal to one of the allowed values [invalid-params]", "invalid-params");
        assertError(agent.client().post(path, Json.of(Map.of("agentId", other.id()))), 403, "unauthorized", null);
        assertEquals("not-available", ok(HOST.operators().admin().post(path, Json.of(Map.of("agentId", other.id(),
                "status", "not-available")))).get("status").asText());
        assertError(HOST.operators().admin().post(path, Json.of(Map.of("agentId", "no-such-agent"))), 404,
                "Agent not found", null);
        assertError(HOST.operators().admin().post(path, "{}"), 404, "Agent not found", null);
    }

    @Test
    void theWidgetIsOnlineWhileAnAgentIsAvailable() {
        ApiClient admin = HOST.operators().admin();
        ok(admin.post("/api/v1/settings/Livechat_accept_chats_with_no_agents", Json.of(Map.of("value", false))));
        try {
            for (JsonNode available : ok(admin.get(BASE + "/users/agent?onlyAvailable=true&count=100"))
                    .get("users")) {
                ok(admin.post(BASE + "/agent.status", Json.of(Map.of("agentId", available.get("_id").asText(),
                        "status", "not-available"))));
            }
            assertFalse(online(), "nobody is available: the offline form");
            assertError(HOST.api().get(BASE + "/room?token=" + visitorToken()), 400,
                    "Sorry, no online agents [no-agent-online]", "no-agent-online");
            Desk agent = user(List.of("agent"));
            assertTrue(online());
            ok(agent.client().post(BASE + "/agent.status", "{}"));
            assertFalse(online(), "the only agent went not-available");
            ok(agent.client().post(BASE + "/agent.status", "{}"));
            assertTrue(online());
            assertEquals(200, agent.client().post("/api/v1/logout", "{}").status());
            assertFalse(online(), "an agent that logged out is offline");
        } finally {
            ok(admin.post("/api/v1/settings/Livechat_accept_chats_with_no_agents", Json.of(Map.of("value", true))));
        }
        assertTrue(online());
    }

    private static boolean online() {
        return ok(HOST.api().get(BASE + "/config")).get("config").get("online").asBoolean();
    }

    private static String visitorToken() {
        String token = "tok-" + UUID.randomUUID();
        ok(HOST.api().post(BASE + "/visitor", Json.of(Map.of("visitor", Map.of("token", token)))));
        return token;
    }

    @Test
    void anAgentTakesAQueuedInquiryAndTheRoomHearsIt() throws Exception {
        Desk agent = user(List.of("agent"));
        String rid = room(HOST.api(), null);
        JsonNode inquiry = inquiryOf(agent.client(), rid);
        assertEquals("queued", inquiry.get("status").asText());
        assertEquals("l", inquiry.get("t").asText());
        assertEquals("Vera", inquiry.get("name").asText());
        assertEquals("api", inquiry.get("source").get("type").asText());
        assertTrue(inquiry.get("v").get("token").asText().startsWith("tok-"));
        assertEquals(inquiry.get("ts"), inquiry.get("queuedAt"));
        String inquiryId = inquiry.get("_id").asText();

        List<String> agentData = new CopyOnWriteArrayList<>();
        List<String> messages = new CopyOnWriteArrayList<>();
        StreamBus bus = HOST.host().host().streams();
        try (StreamBus.Subscription a = bus.subscribe(StreamEvent.LIVECHAT_ROOM, rid,
                event -> agentData.add(event.argsJson()));
             StreamBus.Subscription m = bus.subscribe(StreamEvent.ROOM_MESSAGES, rid,
                     event -> messages.add(event.argsJson()))) {
            Response taken = agent.client().post(BASE + "/inquiries.take", Json.of(Map.of("inquiryId", inquiryId)));
            assertEquals("{\"success\":true}", ok(taken).toString());
            assertEquals(List.of("[{\"type\":\"agentData\",\"data\":{\"_id\":\"" + agent.id() + "\",\"username\":\""
                    + agent.username() + "\",\"name\":\"Agent " + agent.username() + "\"}}]"), agentData);
            List<String> types = new ArrayList<>();
            for (String args : messages) {
                types.add(MAPPER.readTree(args).get(0).path("t").asText());
            }
            assertEquals(List.of("command", "uj"), types);
        }
        JsonNode served = ok(HOST.operators().admin().get(BASE + "/rooms?agents[]=" + agent.id())).get("rooms").get(0);
        assertEquals(rid, served.get("_id").asText());
        assertEquals(agent.username(), served.get("servedBy").get("username").asText());
        assertEquals(null, inquiryOf(agent.client(), rid), "a taken inquiry leaves the queue");
        assertError(agent.client().post(BASE + "/inquiries.take", Json.of(Map.of("inquiryId", inquiryId))), 400,
                "Inquiry already taken [error-inquiry-taken]", "error-inquiry-taken");
        // The agent serves the room now: it writes without taking it again.
        ok(agent.client().post("/api/v1/chat.sendMessage", Json.of(Map.of("message", Map.of("rid", rid,
                "msg", "Hello Vera")))));
    }

    @Test
    void takeRefusesWhatRocketChatRefuses() {
        Desk agent = user(List.of("agent"));
        Desk other = user(List.of("agent"));
        String inquiryId = inquiryOf(agent.client(), room(HOST.api(), null)).get("_id").asText();
        String take = BASE + "/inquiries.take";
        assertError(agent.client().post(take, Json.of(Map.of("inquiryId", "no-such-inquiry"))), 400,
                "Inquiry not found [error-not-found]", "error-not-found");
        assertError(agent.client().post(take, Json.of(Map.of("x", 1))), 400,
                "must have required property 'inquiryId' [invalid-params]", "invalid-params");
        assertError(agent.client().post(take, Json.of(Map.of("inquiryId", inquiryId, "x", 1))), 400,
                "must NOT have additional properties [invalid-params]", "invalid-params");
        assertError(agent.client().post(take, Json.of(Map.of("inquiryId", inquiryId, "userId", other.id()))), 400,
                "Not allowed [error-not-allowed]", "error-not-allowed");
        assertError(HOST.operators().admin().post(take, Json.of(Map.of("inquiryId", inquiryId, "userId", "nobody"))),
                400,
                "The user is invalid", null);
        // A user that is no agent is no online agent: the take itself refuses it, as in Rocket.Chat.
        Desk plain = user(List.of("user"));
        assertError(HOST.operators().admin().post(take, Json.of(Map.of("inquiryId", inquiryId, "userId",
                plain.id()))), 400,
                "Agent status is offline or Omnichannel service is not active [error-agent-status-service-offline]",
                "error-agent-status-service-offline");
        ok(agent.client().post(BASE + "/agent.status", Json.of(Map.of("status", "not-available"))));
        assertError(agent.client().post(take, Json.of(Map.of("inquiryId", inquiryId))), 400,
                "Agent status is offline or Omnichannel service is not active [error-agent-status-service-offline]",
                "error-agent-status-service-offline");
        assertEquals(401, HOST.api().post(take, Json.of(Map.of("inquiryId", inquiryId))).status());
        // A manager hands the inquiry to an available agent.
        ok(HOST.operators().admin().post(take, Json.of(Map.of("inquiryId", inquiryId, "userId", other.id()))));
        assertEquals(other.id(), ok(HOST.operators().admin().get(BASE + "/rooms?agents[]=" + other.id()))
                .get("rooms").get(0).get("servedBy").get("_id").asText());
    }

    @Test
    void agentsSeeTheirDepartmentsQueueAndTheQueueWithoutDepartment() {
        Desk inSales = user(List.of("agent"));
        Desk elsewhere = user(List.of("agent"));
        String department = department(List.of(Map.of("agentId", inSales.id())));
        String salesRoom = room(HOST.api(), department);
        String openRoom = room(HOST.api(), null);
        JsonNode seen = inquiryOf(inSales.client(), salesRoom);
        assertEquals(department, seen.get("department").asText());
        assertEquals(null, inquiryOf(elsewhere.client(), salesRoom), "another department's inquiry is not shown");
        assertTrue(inquiryOf(elsewhere.client(), openRoom) != null, "a room without department is everyone's");
        assertTrue(inquiryOf(inSales.client(), openRoom) != null);
        // As Rocket.Chat's findInquiries: a department narrows the agent's departments to it, the public queue stays.
        String query = BASE + "/inquiries.queuedForUser?count=100&department=";
        List<String> filtered = rids(inSales.client().get(query + department));
        assertTrue(filtered.contains(salesRoom) && filtered.contains(openRoom), filtered::toString);
        String otherDepartment = department(List.of(Map.of("agentId", elsewhere.id())));
        String otherRoom = room(HOST.api(), otherDepartment);
        assertError(inSales.client().get(query + otherDepartment), 400, "error-not-authorized", null);
        Desk inNone = user(List.of("agent"));
        List<String> publicOnly = rids(inNone.client().get(query + department));
        assertTrue(publicOnly.contains(openRoom), "an agent in no department sees the public queue");
        assertFalse(publicOnly.contains(salesRoom) || publicOnly.contains(otherRoom), publicOnly::toString);
        assertError(inSales.client().get(query + department + "&status=queued"), 400,
                "must NOT have additional properties [invalid-params]", "invalid-params");
    }

    private static List<String> rids(Response inquiries) {
        List<String> rids = new ArrayList<>();
        ok(inquiries).get("inquiries").forEach(inquiry -> rids.add(inquiry.get("rid").asText()));
        return rids;
    }

    @Test
    void autoSelectionGivesADepartmentsNewRoomToItsAvailableAgentAtOnce() {
        Desk first = user(List.of("agent"));
        Desk second = user(List.of("agent"));
        String department = department(List.of(Map.of("agentId", first.id(), "order", 1),
                Map.of("agentId", second.id(), "order", 2)));
        ManualSelectionHost.routing(HOST.operators().admin(), "Auto_Selection");
        try {
            List<String> servedBy = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String rid = room(HOST.api(), department);
                assertEquals(null, inquiryOf(first.client(), rid), "an assigned room is not queued");
                JsonNode room = ok(HOST.operators().admin().get(BASE + "/rooms?departmentId=" + department
                        + "&count=100"))
                        .get("rooms").get(0);
                assertEquals(rid, room.get("_id").asText());
                servedBy.add(room.get("servedBy").get("_id").asText());
            }
            // Fewest chats given first (Rocket.Chat's count), then the department's order.
            assertEquals(List.of(first.id(), second.id(), first.id()), servedBy);
            ok(first.client().post(BASE + "/agent.status", Json.of(Map.of("status", "not-available"))));
            ok(second.client().post(BASE + "/agent.status", Json.of(Map.of("status", "not-available"))));
            String queued = room(HOST.api(), department);
            ok(first.client().post(BASE + "/agent.status", Json.of(Map.of("status", "available"))));
            assertEquals("queued", inquiryOf(first.client(), queued).get("status").asText(),
                    "nobody of the department was available: the room waits in the queue");
        } finally {
            ManualSelectionHost.routing(HOST.operators().admin(), "Manual_Selection");
        }
    }

    @Test
    void agentsAddedAndRemovedThroughTheDepartmentsAgentsRouteAreRoutedOrNot() {
        Desk newcomer = user(List.of("agent"));
        String department = department(List.of());
        String agents = BASE + "/department/" + department + "/agents";
        ManualSelectionHost.routing(HOST.operators().admin(), "Auto_Selection");
        try {
            ok(HOST.operators().admin().post(agents, Json.of(Map.of("upsert",
                    List.of(Map.of("agentId", newcomer.id())), "remove", List.of()))));
            String served = room(HOST.api(), department);
            assertEquals(newcomer.id(), servedBy(department, served).get("_id").asText(),
                    "Auto_Selection picks the agent just added");
            ok(HOST.operators().admin().post(agents, Json.of(Map.of("upsert", List.of(),
                    "remove", List.of(Map.of("agentId", newcomer.id()))))));
            String queued = room(HOST.api(), department);
            assertEquals(null, servedBy(department, queued), "a removed agent is not picked");
            assertEquals(0, ok(HOST.operators().admin().get(BASE + "/department/" + department)).get("department")
                    .get("numAgents").asInt());
        } finally {
            ManualSelectionHost.routing(HOST.operators().admin(), "Manual_Selection");
        }
    }

    /** The {@code servedBy} of room {@code rid} of {@code department}, or null. */
    private static JsonNode servedBy(String department, String rid) {
        for (JsonNode room : ok(HOST.operators().admin().get(BASE + "/rooms?count=100&departmentId=" + department))
                .get("rooms")) {
            if (room.get("_id").asText().equals(rid)) {
                return room.get("servedBy");
            }
        }
        throw new AssertionError("room " + rid + " is not in department " + department);
    }

    @Test
    void aRoomTakenByWritingOrClosedLeavesTheQueue() {
        Desk agent = user(List.of("agent"));
        String written = room(HOST.api(), null);
        ok(agent.client().post("/api/v1/chat.sendMessage", Json.of(Map.of("message", Map.of("rid", written,
                "msg", "I'll take this one")))));
        assertEquals(null, inquiryOf(agent.client(), written));
        String token = "tok-" + UUID.randomUUID();
        ok(HOST.api().post(BASE + "/visitor", Json.of(Map.of("visitor", Map.of("token", token)))));
        String closed = ok(HOST.api().get(BASE + "/room?token=" + token)).get("room").get("_id").asText();
        String inquiryId = inquiryOf(agent.client(), closed).get("_id").asText();
        ok(HOST.api().post(BASE + "/room.close", Json.of(Map.of("rid", closed, "token", token))));
        assertEquals(null, inquiryOf(agent.client(), closed));
        assertError(agent.client().post(BASE + "/inquiries.take", Json.of(Map.of("inquiryId", inquiryId))), 400,
                "Inquiry not found [error-not-found]", "error-not-found");
    }
}
