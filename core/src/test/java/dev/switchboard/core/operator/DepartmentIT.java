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

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DepartmentIT {
    private TestHost host;
    private ApiClient manager;
    private ApiClient agent;

    @BeforeAll
    void start() throws Exception {
        host = Operators.startHost();
        Operators operators = new Operators(host);
        manager = operators.userWithRoles("manager", List.of("manager"));
        agent = operators.userWithRoles("agent", List.of("agent"));
    }

    @AfterAll
    void stop() {
        host.close();
    }

    private static String body(String name, boolean enabled) {
        Map<String, Object> department = new LinkedHashMap<>();
        department.put("enabled", enabled);
        department.put("showOnRegistration", true);
        department.put("email", name.toLowerCase().replace(' ', '-') + "@example.com");
        department.put("name", name);
        department.put("description", "About " + name);
        return Json.of(Map.of("department", department));
    }

    private String create(String name) {
        ApiClient.Response created = manager.post("/api/v1/livechat/department", body(name, true));
        assertEquals(200, created.status(), created.toString());
        return created.json().get("department").get("_id").asText();
    }

    @Test
    void crud() {
        ApiClient.Response created = manager.post("/api/v1/livechat/department", body("Sales", true));
        assertEquals(200, created.status(), created.toString());
        JsonNode department = created.json().get("department");
        String id = department.get("_id").asText();
        assertEquals("Sales", department.get("name").asText());
        assertTrue(department.get("enabled").asBoolean());
        assertTrue(department.get("showOnRegistration").asBoolean());
        assertEquals("sales@example.com", department.get("email").asText());
        assertEquals("About Sales", department.get("description").asText());
        assertTrue(created.json().get("success").asBoolean());

        ApiClient.Response read = agent.get("/api/v1/livechat/department/" + id);
        assertEquals(200, read.status());
        assertEquals("Sales", read.json().get("department").get("name").asText());

        ApiClient.Response updated = manager.put("/api/v1/livechat/department/" + id, body("Sales EU", false));
        assertEquals(200, updated.status(), updated.toString());
        assertEquals("Sales EU", updated.json().get("department").get("name").asText());
        assertFalse(agent.get("/api/v1/livechat/department/" + id).json().get("department").get("enabled")
                .asBoolean());

        assertEquals(200, manager.delete("/api/v1/livechat/department/" + id).status());
        assertEquals(400, agent.get("/api/v1/livechat/department/" + id).status());
        assertEquals(400, manager.delete("/api/v1/livechat/department/" + id).status());
        assertEquals(400, manager.put("/api/v1/livechat/department/" + id, body("Ghost", true)).status());
    }

    @Test
    void namesAreUnique() {
        create("Support");
        ApiClient.Response duplicate = manager.post("/api/v1/livechat/department", body("Support", true));
        assertEquals(400, duplicate.status());
        assertEquals("A department named 'Support' already exists [error-duplicated-department-name]",
                duplicate.json().get("error").asText());
        String other = create("Billing");
        ApiClient.Response renamed = manager.put("/api/v1/livechat/department/" + other, body("Support", true));
        assertEquals(400, renamed.status());
        assertEquals("error-duplicated-department-name", renamed.json().get("errorType").asText());
    }

    @Test
    void validation() {
        assertEquals("Match error: Missing key 'department'",
                manager.post("/api/v1/livechat/department", "{}").json().get("error").asText());
        ApiClient.Response noName = manager.post("/api/v1/livechat/department", Json.of(Map.of("department",
                Map.of("enabled", true, "showOnRegistration", true, "email", "a@b.c"))));
        assertEquals(400, noName.status());
        assertEquals("Match error: Missing key 'name' in field department", noName.json().get("error").asText());
    }

    @Test
    void listIsPagedAndFilteredByText() {
        for (int i = 0; i < 5; i++) {
            create("Paged " + i);
        }
        ApiClient.Response page = agent.get("/api/v1/livechat/department?text=paged&count=2&offset=1");
        assertEquals(200, page.status(), page.toString());
        JsonNode json = page.json();
        assertEquals(2, json.get("count").asInt());
        assertEquals(1, json.get("offset").asInt());
        assertEquals(5, json.get("total").asInt());
        assertEquals("Paged 1", json.get("departments").get(0).get("name").asText());
        assertEquals(0, agent.get("/api/v1/livechat/department?text=%25").json().get("total").asInt());
        assertEquals(400, agent.get("/api/v1/livechat/department?offset=-1").status());
        assertEquals(400, agent.get("/api/v1/livechat/department?count=abc").status());
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
}
