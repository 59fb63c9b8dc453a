package dev.switchboard.core.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.Operators;
import dev.switchboard.core.testing.TestHost;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Departments, with the cases of Rocket.Chat's {@code tests/end-to-end/api/livechat/10-departments.ts} that need
 * no rooms, units or settings (named after them), and the shapes of {@code ILivechatDepartment}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DepartmentIT {
    private static final String BASE = "/api/v1/livechat/department";
    private TestHost host;
    private ApiClient manager;
    private ApiClient agent;
    private String agentId;
    private ApiClient admin;

    @BeforeAll
    void start() throws Exception {
        host = Operators.startHost();
        Operators operators = new Operators(host);
        admin = operators.admin();
        manager = operators.userWithRoles("manager", List.of("manager"));
        agent = operators.userWithRoles("agent", List.of("agent"));
        ApiClient.Response created = operators.admin().post("/api/v1/users.create",
                Json.of(Map.of("username", "agent.two", "name", "Agent Two", "roles", List.of("agent"))));
        agentId = created.json().get("user").get("_id").asText();
    }

    @AfterAll
    void stop() {
        host.close();
    }

    /** The department Rocket.Chat's tests send: name, enabled, showOnOfflineForm, showOnRegistration, email. */
    private static Map<String, Object> fields(String name) {
        Map<String, Object> department = new LinkedHashMap<>();
        department.put("name", name);
        department.put("enabled", true);
        department.put("showOnOfflineForm", true);
        department.put("showOnRegistration", true);
        department.put("email", "bla@bla");
        return department;
    }

    private static String body(Map<String, Object> department) {
        return Json.of(Map.of("department", department));
    }

    private static Map<String, Object> with(Map<String, Object> department, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(department);
        copy.put(key, value);
        return copy;
    }

    private String create(String name) {
        ApiClient.Response created = manager.post(BASE, body(fields(name)));
        assertEquals(200, created.status(), created.toString());
        return created.json().get("department").get("_id").asText();
    }

    private static void assertBadRequest(ApiClient.Response response, String error) {
        assertEquals(400, response.status(), response.toString());
        assertFalse(response.json().get("success").asBoolean());
        assertEquals(error, response.json().get("error").asText());
    }

    @Test
    void shouldCreateANewDepartment() {
        ApiClient.Response created = manager.post(BASE,
                body(with(fields("Test"), "allowReceiveForwardOffline", true)));
        assertEquals(200, created.status(), created.toString());
        JsonNode department = created.json().get("department");
        assertTrue(created.json().get("success").asBoolean());
        assertEquals("Test", department.get("name").asText());
        assertTrue(department.get("enabled").asBoolean());
        assertTrue(department.get("showOnOfflineForm").asBoolean());
        assertTrue(department.get("showOnRegistration").asBoolean());
        assertTrue(department.get("allowReceiveForwardOffline").asBoolean());
        // ILivechatDepartment's required fields are always there
        assertEquals("", department.get("offlineMessageChannelName").asText());
        assertEquals(0, department.get("numAgents").asInt());
        assertTrue(department.hasNonNull("_updatedAt"));
        assertEquals(0, created.json().get("agents").size());
        // "should not create a 2nd department" (same name)
        assertEquals(400, manager.post(BASE, body(fields("Test"))).status());
    }

    @Test
    void shouldCreateANewDisabledDepartment() {
        ApiClient.Response created = manager.post(BASE, body(with(fields("Disabled one"), "enabled", false)));
        assertEquals(200, created.status());
        assertFalse(created.json().get("department").get("enabled").asBoolean());
    }

    @Test
    void everyFieldRoundTrips() {
        String fallback = create("Fallback target");
        Map<String, Object> department = fields("Round trip");
        department.put("description", "All of it");
        department.put("requestTagBeforeClosingChat", true);
        department.put("chatClosingTags", List.of("tagA", "tagB"));
        department.put("offlineMessageChannelName", "general");
        department.put("fallbackForwardDepartment", fallback);
        department.put("departmentsAllowedToForward", List.of(fallback));
        department.put("allowReceiveForwardOffline", false);
        department.put("maxNumberSimultaneousChat", 4);
        department.put("visitorInactivityTimeoutInSeconds", 60);
        department.put("abandonedRoomsCloseCustomMessage", "bye");
        department.put("waitingQueueMessage", "please wait");
        department.put("_id", "ignored");
        department.put("numAgents", 99);
        ApiClient.Response created = manager.post(BASE, Json.of(Map.of("department", department,
                "agents", List.of(Map.of("agentId", agentId, "count", 1, "order", 2)))));
        assertEquals(200, created.status(), created.toString());
        String id = created.json().get("department").get("_id").asText();
        assertFalse(id.equals("ignored"), "the id is the host's");

        JsonNode read = agent.get(BASE + "/" + id + "?includeAgents=true").json();
        JsonNode stored = read.get("department");
        for (String key : List.of("name", "email", "description", "offlineMessageChannelName",
                "fallbackForwardDepartment", "abandonedRoomsCloseCustomMessage", "waitingQueueMessage")) {
            assertEquals(department.get(key), stored.get(key).asText(), key);
        }
        assertTrue(stored.get("requestTagBeforeClosingChat").asBoolean());
        assertFalse(stored.get("allowReceiveForwardOffline").asBoolean());
        assertEquals("[\"tagA\",\"tagB\"]", stored.get("chatClosingTags").toString());
        assertEquals("[\"" + fallback + "\"]", stored.get("departmentsAllowedToForward").toString());
        assertEquals(4, stored.get("maxNumberSimultaneousChat").asInt());
        assertTrue(stored.get("maxNumberSimultaneousChat").isInt());
        assertEquals(60, stored.get("visitorInactivityTimeoutInSeconds").asInt());
        assertEquals(1, stored.get("numAgents").asInt(), "counted, never taken from the body");
        JsonNode agentRow = read.get("agents").get(0);
        assertEquals(agentId, agentRow.get("agentId").asText());
        assertEquals(id, agentRow.get("departmentId").asText());
        assertEquals("agent.two", agentRow.get("username").asText());
        assertTrue(agentRow.get("departmentEnabled").asBoolean());
        assertEquals(1, agentRow.get("count").asInt());
        assertEquals(2, agentRow.get("order").asInt());
        assertTrue(agentRow.hasNonNull("_id"));

        // PUT is Rocket.Chat's $set: fields left out keep their values; agents are added or updated
        ApiClient.Response updated = manager.put(BASE + "/" + id, Json.of(Map.of(
                "department", with(fields("Round trip"), "waitingQueueMessage", "changed"),
                "agents", List.of(Map.of("agentId", agentId, "order", 5), Map.of("agentId", "no-such-user")))));
        assertEquals(200, updated.status(), updated.toString());
        JsonNode after = updated.json().get("department");
        assertEquals("All of it", after.get("description").asText());
        assertEquals("changed", after.get("waitingQueueMessage").asText());
        assertEquals(4, after.get("maxNumberSimultaneousChat").asInt());
        assertEquals(1, after.get("numAgents").asInt());
        assertEquals(5, updated.json().get("agents").get(0).get("order").asInt());
        assertFalse(agent.get(BASE + "/" + id).json().has("agents"), "agents only with includeAgents=true");
    }

    @Test
    void shouldReturnAnErrorWhenNoKeysAreProvided() {
        assertBadRequest(manager.post(BASE, body(Map.of())), "Match error: Missing key 'enabled'");
        assertBadRequest(manager.post(BASE, "{}"), "Match error: Missing key 'department'");
    }

    @Test
    void showOnOfflineFormIsRequired() {
        Map<String, Object> department = fields("No offline form");
        department.remove("showOnOfflineForm");
        assertBadRequest(manager.post(BASE, body(department)), "Match error: Missing key 'showOnOfflineForm'");
    }

    @Test
    void shouldReturnAnErrorIfRequestTagBeforeClosingIsTrueButNoTagsAreProvided() {
        String error = "At least one closing tag is required when the department requires tag(s) on closing "
                + "conversations. [error-validating-department-chat-closing-tags]";
        assertBadRequest(manager.post(BASE, body(with(fields("Tags"), "requestTagBeforeClosingChat", true))), error);
        assertBadRequest(manager.post(BASE, body(with(with(fields("Tags"), "requestTagBeforeClosingChat", true),
                "chatClosingTags", List.of()))), error);
    }

    @Test
    void shouldReturnAnErrorIfRequestTagBeforeClosingIsTrueButTagsAreNotAnArray() {
        assertBadRequest(manager.post(BASE, body(with(with(fields("Tags"), "requestTagBeforeClosingChat", true),
                "chatClosingTags", "not an array"))),
                "Match error: Expected array, got string in field chatClosingTags");
    }

    @Test
    void shouldCreateDepartmentIfRequestTagBeforeClosingIsTrueAndTagsAreAnArray() {
        ApiClient.Response created = manager.post(BASE, body(with(with(fields("Tagged"),
                "requestTagBeforeClosingChat", true), "chatClosingTags", List.of("tagA", "tagB"))));
        assertEquals(200, created.status(), created.toString());
        assertTrue(created.json().get("department").get("requestTagBeforeClosingChat").asBoolean());
        assertEquals("[\"tagA\",\"tagB\"]", created.json().get("department").get("chatClosingTags").toString());
    }

    @Test
    void shouldReturnAnErrorIfFallbackForwardDepartmentIsNotADepartmentId() {
        assertBadRequest(manager.post(BASE, body(with(fields("Fallback"), "fallbackForwardDepartment",
                "not a department id"))), "Fallback department not found [error-fallback-department-not-found]");
        assertEquals(0, agent.get(BASE + "?text=Fallback").json().get("total").asInt(), "nothing was written");
    }

    @Test
    void shouldReturnAnErrorIfFallbackForwardDepartmentPointsToSameDepartment() {
        String id = create("Circular");
        assertBadRequest(manager.put(BASE + "/" + id, body(with(fields("Circular"), "fallbackForwardDepartment", id))),
                "Cannot save department. Circular reference between fallback department and department "
                        + "[error-fallback-department-circular]");
    }

    @Test
    void removingAFallbackDepartmentUnsetsIt() {
        String target = create("Goes away");
        String id = create("Stays");
        assertEquals(200, manager.put(BASE + "/" + id,
                body(with(fields("Stays"), "fallbackForwardDepartment", target))).status());
        assertEquals(200, manager.delete(BASE + "/" + target).status());
        assertFalse(agent.get(BASE + "/" + id).json().get("department").has("fallbackForwardDepartment"));
    }

    @Test
    void shouldFailIfAgentsParamIsNotAnArray() {
        String id = create("Agents shape");
        assertBadRequest(manager.put(BASE + "/" + id, Json.of(Map.of("department", fields("Agents shape"),
                "agents", "not an array"))), "Match error: Expected array, got string in field agents");
        // "agents array has invalid format" and "invalid internal format": items without agentId
        assertBadRequest(manager.put(BASE + "/" + id, Json.of(Map.of("department", fields("Agents shape"),
                "agents", List.of(Map.of("notAValidKey", "string"))))),
                "Match error: Missing key 'agentId' in field upsert[0]");
        assertBadRequest(manager.put(BASE + "/" + id, Json.of(Map.of("department", fields("Agents shape"),
                "agents", List.of(Map.of("upsert", List.of(Map.of("notAValidKey", "string"))))))),
                "Match error: Missing key 'agentId' in field upsert[0]");
        assertBadRequest(manager.post(BASE, Json.of(Map.of("department", fields("Agents shape 2"),
                "agents", List.of(Map.of("notAValidKey", "string"))))),
                "Match error: Missing key 'agentId' in field upsert[0]");
        assertEquals(0, agent.get(BASE + "?text=Agents%20shape%202").json().get("total").asInt(),
                "a refused POST writes nothing");
    }

    @Test
    void otherFieldsMustBeStringsIntegersOrBooleans() {
        assertBadRequest(manager.post(BASE, body(with(fields("Extra"), "someObject", Map.of("a", 1)))),
                "Match error: Failed Match.OneOf, Match.Maybe or Match.Optional validation in field someObject");
        assertBadRequest(manager.post(BASE, body(with(fields("Extra"), "enabled", "yes"))),
                "Match error: Expected boolean, got string in field enabled");
        assertBadRequest(manager.post(BASE, Json.of(Map.of("department", fields("Extra"), "other", 1))),
                "Match error: Unknown key 'other'");
    }

    @Test
    void shouldReturnDepartmentNullWhenTheDepartmentDoesNotExist() {
        ApiClient.Response read = agent.get(BASE + "/testesteteste");
        assertEquals(200, read.status());
        assertTrue(read.json().get("success").asBoolean());
        assertTrue(read.json().has("department"));
        assertTrue(read.json().get("department").isNull());
    }

    @Test
    void shouldReturnTheDepartment() {
        String id = create("Readable");
        JsonNode department = agent.get(BASE + "/" + id).json().get("department");
        assertEquals("Readable", department.get("name").asText());
        assertTrue(department.get("enabled").asBoolean());
        assertTrue(department.get("showOnOfflineForm").asBoolean());
        assertTrue(department.get("showOnRegistration").asBoolean());
        assertEquals("bla@bla", department.get("email").asText());
    }

    @Test
    void deleteOfAnUnknownDepartmentIsRocketChatsPlainError() {
        ApiClient.Response response = manager.delete(BASE + "/testesteteste");
        assertBadRequest(response, "error-department-not-found");
        assertFalse(response.json().has("errorType"));
        String id = create("Removable");
        ApiClient.Response removed = manager.delete(BASE + "/" + id);
        assertEquals(200, removed.status());
        assertTrue(removed.json().get("success").asBoolean());
        assertTrue(agent.get(BASE + "/" + id).json().get("department").isNull());
        assertBadRequest(manager.put(BASE + "/" + id, body(fields("Removable"))),
                "Department not found [error-department-not-found]");
    }

    @Test
    void namesAreUnique() {
        create("Support");
        ApiClient.Response duplicate = manager.post(BASE, body(fields("Support")));
        assertBadRequest(duplicate, "A department named 'Support' already exists [error-duplicated-department-name]");
        String other = create("Billing");
        ApiClient.Response renamed = manager.put(BASE + "/" + other, body(fields("Support")));
        assertEquals("error-duplicated-department-name", renamed.json().get("errorType").asText());
    }

    @Test
    void listIsPagedAndFilteredByText() {
        for (int i = 0; i < 5; i++) {
            create("Paged " + i);
        }
        ApiClient.Response page = agent.get(BASE + "?text=paged&count=2&offset=1");
        assertEquals(200, page.status(), page.toString());
        JsonNode json = page.json();
        assertEquals(2, json.get("count").asInt());
        assertEquals(1, json.get("offset").asInt());
        assertEquals(5, json.get("total").asInt());
        assertEquals("Paged 1", json.get("departments").get(0).get("name").asText());
        assertEquals(0, json.get("departments").get(0).get("numAgents").asInt());
        assertEquals(0, agent.get(BASE + "?text=%25").json().get("total").asInt());
        assertEquals(400, agent.get(BASE + "?offset=-1").status());
        // "should reject invalid pagination params"
        assertEquals(400, agent.get(BASE + "?count=invalid").status());
    }

    @Test
    void registrationResolvesTheDepartmentByNameAndStoresItsId() {
        String id = create("Registration Desk");
        ApiClient.Response byName = host.client().post("/api/v1/livechat/visitor", Json.of(Map.of("visitor",
                Map.of("token", "dept-visitor-1", "department", "Registration Desk"))));
        assertEquals(200, byName.status(), byName.toString());
        assertEquals(id, byName.json().get("visitor").get("department").asText());
        ApiClient.Response byId = host.client().post("/api/v1/livechat/visitor", Json.of(Map.of("visitor",
                Map.of("token", "dept-visitor-2", "department", id))));
        assertEquals(id, byId.json().get("visitor").get("department").asText());
        ApiClient.Response unknown = host.client().post("/api/v1/livechat/visitor", Json.of(Map.of("visitor",
                Map.of("token", "dept-visitor-3", "department", "registration desk"))));
        assertEquals(400, unknown.status());
        assertEquals("error-invalid-department", unknown.json().get("errorType").asText());
    }
    private String userId(String username) {
        ApiClient.Response created = admin.post("/api/v1/users.create",
                Json.of(Map.of("username", username, "name", "User " + username, "roles", List.of("agent"))));
        assertEquals(200, created.status(), created.toString());
        return created.json().get("user").get("_id").asText();
    }

    private static String agentsBody(List<?> upsert, List<?> remove) {
        return Json.of(Map.of("upsert", upsert, "remove", remove));
    }

    private List<String> agentUsernames(String departmentId, String query) {
        ApiClient.Response page = agent.get(BASE + "/" + departmentId + "/agents" + query);
        assertEquals(200, page.status(), page.toString());
        List<String> usernames = new java.util.ArrayList<>();
        page.json().get("agents").forEach(row -> usernames.add(row.get("username").asText()));
        return usernames;
    }

    @Test
    void agentsAreListedPagedAndChangedThroughTheirOwnRoute() {
        String id = create("Agents route");
        String carol = userId("dept.carol");
        String alice = userId("dept.alice");
        String bob = userId("dept.bob");
        ApiClient.Response saved = manager.post(BASE + "/" + id + "/agents", agentsBody(List.of(
                Map.of("agentId", carol), Map.of("agentId", alice, "username", "ignored", "count", 2, "order", 1),
                Map.of("agentId", bob), Map.of("agentId", "no-such-user")), List.of()));
        assertEquals(200, saved.status(), saved.toString());
        assertEquals("{\"success\":true}", saved.text(), "Rocket.Chat answers API.v1.success() alone");

        ApiClient.Response page = agent.get(BASE + "/" + id + "/agents?count=2&offset=0&sort=%7B%22username%22%3A1%7D");
        assertEquals(200, page.status(), page.toString());
        JsonNode json = page.json();
        assertEquals(2, json.get("count").asInt());
        assertEquals(0, json.get("offset").asInt());
        assertEquals(3, json.get("total").asInt(), "an id that names no user is skipped");
        JsonNode first = json.get("agents").get(0);
        assertEquals(List.of("_id", "agentId", "departmentId", "departmentEnabled", "username", "count", "order"),
                fieldNames(first));
        assertEquals(alice, first.get("agentId").asText());
        assertEquals("dept.alice", first.get("username").asText(), "the username is the user's, not the body's");
        assertEquals(id, first.get("departmentId").asText());
        assertTrue(first.get("departmentEnabled").asBoolean());
        assertEquals(2, first.get("count").asInt());
        assertEquals(1, first.get("order").asInt());
        assertEquals(List.of("dept.carol"), agentUsernames(id, "?count=2&offset=2"));
        assertEquals(3, agent.get(BASE + "/" + id).json().get("department").get("numAgents").asInt());

        // remove first, then upsert; numAgents follows
        assertEquals(200, manager.post(BASE + "/" + id + "/agents", agentsBody(
                List.of(Map.of("agentId", bob, "count", 7)), List.of(Map.of("agentId", alice), Map.of("agentId",
                        "not-in-it")))).status());
        assertEquals(List.of("dept.bob", "dept.carol"), agentUsernames(id, ""));
        assertEquals(7, agent.get(BASE + "/" + id + "/agents").json().get("agents").get(0).get("count").asInt());
        assertEquals(2, agent.get(BASE + "/" + id).json().get("department").get("numAgents").asInt());
        assertEquals(2, agent.get(BASE + "/" + id + "?includeAgents=true").json().get("agents").size());

        // an unknown department: an empty page to read, Rocket.Chat's Meteor error to change
        JsonNode none = agent.get(BASE + "/testesteteste/agents").json();
        assertEquals(0, none.get("total").asInt());
        assertEquals(0, none.get("agents").size());
        ApiClient.Response unknown = manager.post(BASE + "/testesteteste/agents", agentsBody(List.of(), List.of()));
        assertBadRequest(unknown, "Department not found [error-department-not-found]");
        assertEquals("error-department-not-found", unknown.json().get("errorType").asText());
        assertEquals(400, agent.get(BASE + "/" + id + "/agents?offset=-1").status());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void changingAgentsNeedsTheManagersPermission() {
        String id = create("Agents permission");
        ApiClient.Response refused = agent.post(BASE + "/" + id + "/agents",
                agentsBody(List.of(Map.of("agentId", agentId)), List.of()));
        assertEquals(403, refused.status(), refused.toString());
        assertFalse(refused.json().get("success").asBoolean());
        assertEquals("User does not have the permissions required for this action [error-unauthorized]",
                refused.json().get("error").asText());
        assertEquals("error-unauthorized", refused.json().get("errorType").asText());
        assertEquals(0, agent.get(BASE + "/" + id + "/agents").json().get("total").asInt(), "nothing was written");
        assertEquals(401, host.client().get(BASE + "/" + id + "/agents").status());
        assertEquals(401, host.client().post(BASE + "/" + id + "/agents", agentsBody(List.of(), List.of())).status());
        assertEquals(403, agent.get(BASE + "/isDepartmentCreationAvailable").status());
    }

    @Test
    void badAgentBodiesGetMatchErrors() {
        String id = create("Agents bodies");
        String path = BASE + "/" + id + "/agents";
        assertBadRequest(manager.post(path, "{}"), "Match error: Missing key 'upsert'");
        assertBadRequest(manager.post(path, Json.of(Map.of("upsert", List.of()))), "Match error: Missing key 'remove'");
        assertBadRequest(manager.post(path, Json.of(Map.of("upsert", "x", "remove", List.of()))),
                "Match error: Expected array, got string in field upsert");
        assertBadRequest(manager.post(path, Json.of(Map.of("upsert", List.of(), "remove", List.of(), "other", 1))),
                "Match error: Unknown key 'other'");
        assertBadRequest(manager.post(path, agentsBody(List.of(Map.of()), List.of())),
                "Match error: Missing key 'agentId' in field upsert[0]");
        assertBadRequest(manager.post(path, agentsBody(List.of(), List.of(Map.of("agentId", 5)))),
                "Match error: Expected string, got number in field remove[0].agentId");
        assertBadRequest(manager.post(path, agentsBody(List.of("x"), List.of())),
                "Match error: Expected object, got string in field upsert[0]");
        assertBadRequest(manager.post(path, agentsBody(List.of(Map.of("agentId", agentId, "count", 1.5)), List.of())),
                "Match error: Failed Match.OneOf, Match.Maybe or Match.Optional validation in field upsert[0].count");
        assertBadRequest(manager.post(path, agentsBody(List.of(Map.of("agentId", agentId, "username", 3)), List.of())),
                "Match error: Failed Match.OneOf, Match.Maybe or Match.Optional validation in field "
                        + "upsert[0].username");
        assertBadRequest(manager.post(path, "[]"), "Match error: Expected object, got array");
        ApiClient.Response broken = manager.post(path, "{\"upsert\":");
        assertEquals(400, broken.status(), broken.toString());
        assertEquals("error-invalid-json", broken.json().get("errorType").asText());
        assertEquals(0, agent.get(path).json().get("total").asInt(), "a refused body writes nothing");
    }

    @Test
    void autocompleteMatchesNamesByPrefix() {
        String alpha = create("Auto Alpha");
        String beta = create("Auto Beta");
        create("Other Auto");
        String path = BASE + ".autocomplete?selector=";
        ApiClient.Response found = agent.get(path + encode("{\"term\":\" auto \"}"));
        assertEquals(200, found.status(), found.toString());
        JsonNode items = found.json().get("items");
        assertEquals(2, items.size(), items.toString());
        assertEquals(List.of("_id", "name"), fieldNames(items.get(0)));
        assertEquals(alpha, items.get(0).get("_id").asText());
        assertEquals("Auto Beta", items.get(1).get("name").asText());
        JsonNode except = agent.get(path + encode("{\"term\":\"auto\",\"exceptions\":[\"" + alpha
                + "\"],\"conditions\":{}}") + "&onlyMyDepartments=false").json().get("items");
        assertEquals(1, except.size());
        assertEquals(beta, except.get(0).get("_id").asText());
        assertEquals(0, agent.get(path + encode("{\"term\":\"%\"}")).json().get("items").size(),
                "the term is literal text");
        assertBadRequest(agent.get(BASE + ".autocomplete"), "The 'selector' param is required");
        assertBadRequest(agent.get(path + "nope"), "selector must be a JSON object [invalid-params]");
        assertBadRequest(agent.get(path + encode("{\"term\":\"a\",\"conditions\":{\"enabled\":true}}")),
                "selector.conditions is not supported [invalid-params]");
        assertEquals(401, host.client().get(path + encode("{\"term\":\"a\"}")).status());
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void listByIdsAnswersTheDepartmentsNamed() {
        String one = create("By id one");
        String two = create("By id two");
        String ids = "?ids%5B%5D=" + two + "&ids%5B%5D=" + one + "&ids%5B%5D=unknown";
        JsonNode departments = agent.get(BASE + ".listByIds" + ids).json().get("departments");
        assertEquals(2, departments.size());
        assertEquals("By id one", departments.get(0).get("name").asText());
        assertEquals(0, departments.get(0).get("numAgents").asInt());
        assertEquals(2, agent.get(BASE + ".listByIds?ids=" + one + "&ids=" + two).json().get("departments").size());
        assertBadRequest(agent.get(BASE + ".listByIds?ids=" + one), "The 'ids' param must be an array");
        assertBadRequest(agent.get(BASE + ".listByIds"), "The 'ids' param is required");
        assertEquals(401, host.client().get(BASE + ".listByIds?ids%5B%5D=" + one).status());
    }

    @Test
    void departmentCreationIsAlwaysAvailable() {
        ApiClient.Response available = manager.get(BASE + "/isDepartmentCreationAvailable");
        assertEquals(200, available.status(), available.toString());
        assertTrue(available.json().get("isDepartmentCreationAvailable").asBoolean());
    }
}
