package dev.switchboard.core.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.Operators;
import dev.switchboard.core.testing.TestHost;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VisitorLookupIT {
    private TestHost host;
    private ApiClient agent;
    private ApiClient manager;
    private String nelsonId;

    @BeforeAll
    void start() throws Exception {
        host = Operators.startHost();
        Operators operators = new Operators(host);
        agent = operators.userWithRoles("agent", List.of("agent"));
        manager = operators.userWithRoles("manager", List.of("manager"));
        manager.post("/api/v1/livechat/custom-fields.save", Json.of(Map.of("customFieldData", Map.of(
                "field", "company", "label", "Company", "scope", "visitor", "visibility", "visible",
                "searchable", true))));
        manager.post("/api/v1/livechat/custom-fields.save", Json.of(Map.of("customFieldData", Map.of(
                "field", "notes", "label", "Notes", "scope", "visitor", "visibility", "visible",
                "searchable", false))));
        nelsonId = register("tok-nelson", "Nelson Mandela", "Nelson@Example.org", "+55 (51) 5555-1234",
                List.of(Map.of("key", "company", "value", "Acme Rockets", "overwrite", true),
                        Map.of("key", "notes", "value", "zebra", "overwrite", true)));
        register("tok-nelly", "Nelly Furtado", "nelly@example.org", "+1 555 000 111", null);
        register("tok-pct", "100% Real_Name", null, null, null);
        try (Connection connection = host.host().database().dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO external_ids "
                     + "(app_id, entity_id, visitor_id, metadata, created_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, "whatsapp");
            insert.setString(2, "wa-entity-777");
            insert.setString(3, nelsonId);
            insert.setString(4, null);
            insert.setLong(5, System.currentTimeMillis());
            insert.executeUpdate();
        }
    }

    @AfterAll
    void stop() {
        host.close();
    }

    private String register(String token, String name, String email, String phone, List<Map<String, Object>> fields) {
        Map<String, Object> visitor = new LinkedHashMap<>();
        visitor.put("token", token);
        visitor.put("name", name);
        if (email != null) {
            visitor.put("email", email);
        }
        if (phone != null) {
            visitor.put("phone", phone);
        }
        if (fields != null) {
            visitor.put("customFields", fields);
        }
        ApiClient.Response response = host.client().post("/api/v1/livechat/visitor",
                Json.of(Map.of("visitor", visitor)));
        assertEquals(200, response.status(), response.toString());
        return response.json().get("visitor").get("_id").asText();
    }

    private JsonNode search(String term) {
        ApiClient.Response response = agent.get("/api/v1/livechat/visitors.search?term="
                + URLEncoder.encode(term, StandardCharsets.UTF_8));
        assertEquals(200, response.status(), response.toString());
        assertTrue(response.json().get("success").asBoolean());
        return response.json();
    }

    private List<String> names(JsonNode result) {
        List<String> names = new ArrayList<>();
        result.get("visitors").forEach(v -> names.add(v.path("name").asText()));
        return names;
    }

    @Test
    void info() {
        ApiClient.Response found = agent.get("/api/v1/livechat/visitors.info?visitorId=" + nelsonId);
        assertEquals(200, found.status());
        JsonNode visitor = found.json().get("visitor");
        assertEquals(nelsonId, visitor.get("_id").asText());
        assertFalse(visitor.has("token"));
        ApiClient.Response missing = agent.get("/api/v1/livechat/visitors.info?visitorId=invalid");
        assertEquals(400, missing.status());
        assertEquals("visitor-not-found", missing.json().get("error").asText());
        assertFalse(missing.json().has("errorType"));
        ApiClient.Response noParam = agent.get("/api/v1/livechat/visitors.info");
        assertEquals(400, noParam.status());
        assertEquals("must have required property 'visitorId' [invalid-params]", noParam.json().get("error").asText());
    }

    @Test
    void searchByEachKey() {
        assertEquals(List.of("Nelson Mandela"), names(search("nelson@EXAMPLE.org")));
        assertEquals(List.of("Nelson Mandela"), names(search("5551 5555 1234")));
        assertEquals(List.of("Nelson Mandela"), names(search("mandela")));
        assertEquals(2, search("NEL").get("total").asInt());
        String username = agent.get("/api/v1/livechat/visitors.info?visitorId=" + nelsonId).json()
                .get("visitor").get("username").asText();
        assertEquals(List.of("Nelson Mandela"), names(search(username)));
        assertEquals(List.of("Nelson Mandela"), names(search("acme rock")));
        assertEquals(0, search("zebra").get("total").asInt()); // not a searchable field
        JsonNode byExternal = search("wa-entity-777");
        assertEquals(List.of("Nelson Mandela"), names(byExternal));
        JsonNode externalIds = byExternal.get("visitors").get(0).get("externalIds");
        assertEquals("whatsapp", externalIds.get(0).get("appId").asText());
        assertEquals("wa-entity-777", externalIds.get(0).get("entityId").asText());
        assertFalse(byExternal.get("visitors").get(0).has("token"));
        assertEquals(0, search("wa-entity").get("total").asInt()); // entityId is exact
        assertEquals(0, search("no such visitor at all").get("total").asInt());
    }

    @Test
    void termsAreLiteral() {
        assertEquals(0, search("^((ab)*)+$").get("total").asInt());
        assertEquals(List.of("100% Real_Name"), names(search("100%")));
        assertEquals(List.of("100% Real_Name"), names(search("l_n")));
        assertEquals(0, search("%").get("total").asInt() - 1); // only the visitor whose name has a %
        assertEquals(0, search("_").get("total").asInt() - 1);
        assertEquals(0, search(".*").get("total").asInt());
    }

    @Test
    void emptyTermPagingAndSort() {
        JsonNode all = search("");
        assertEquals(3, all.get("total").asInt());
        assertEquals("100% Real_Name", all.get("visitors").get(0).get("name").asText()); // ts desc by default
        ApiClient.Response page = agent.get("/api/v1/livechat/visitors.search?term=&count=1&offset=1&sort="
                + URLEncoder.encode("{\"name\":1}", StandardCharsets.UTF_8));
        assertEquals(200, page.status(), page.toString());
        assertEquals(1, page.json().get("count").asInt());
        assertEquals(1, page.json().get("offset").asInt());
        assertEquals(3, page.json().get("total").asInt());
        assertEquals("Nelly Furtado", page.json().get("visitors").get(0).get("name").asText());
        assertEquals(400, agent.get("/api/v1/livechat/visitors.search?term=&sort="
                + URLEncoder.encode("{\"token\":1}", StandardCharsets.UTF_8)).status());
        assertEquals(400, agent.get("/api/v1/livechat/visitors.search?term=&sort=notjson").status());
        assertEquals(400, agent.get("/api/v1/livechat/visitors.search?term=&offset=-1").status());
        ApiClient.Response noTerm = agent.get("/api/v1/livechat/visitors.search");
        assertEquals(400, noTerm.status());
        assertEquals("must have required property 'term' [invalid-params]", noTerm.json().get("error").asText());
    }

    /** Beyond Rocket.Chat: totalUpTo counts up to a bound and says when more match; a bad bound is refused. */
    @Test
    void totalUpToCapsTheCount() {
        String search = "/api/v1/livechat/visitors.search?term=&sort="
                + URLEncoder.encode("{\"name\":1}", StandardCharsets.UTF_8) + "&totalUpTo=";
        ApiClient.Response capped = agent.get(search + "2");
        assertEquals(200, capped.status(), capped.toString());
        assertEquals(2, capped.json().get("total").asInt());
        assertTrue(capped.json().get("totalCapped").asBoolean(), "three visitors match");
        assertEquals(3, capped.json().get("count").asInt(), "the page is not bounded");
        ApiClient.Response exact = agent.get(search + "3");
        assertEquals(3, exact.json().get("total").asInt());
        assertFalse(exact.json().has("totalCapped"));
        assertFalse(search("").has("totalCapped"));
        for (String bad : List.of("0", "-1", "many")) {
            ApiClient.Response refused = agent.get(search + bad);
            assertEquals(400, refused.status(), bad);
            assertEquals("invalid-params", refused.json().get("errorType").asText());
        }
        assertEquals(200, agent.get(search).status(), "empty: exact, as without it");
    }

    @Test
    void autocomplete() {
        ApiClient.Response response = agent.get("/api/v1/livechat/visitors.autocomplete?selector="
                + URLEncoder.encode("{\"term\":\"nel\"}", StandardCharsets.UTF_8));
        assertEquals(200, response.status(), response.toString());
        JsonNode items = response.json().get("items");
        assertEquals(2, items.size());
        assertEquals("Nelly Furtado", items.get(0).get("name").asText()); // sorted by name
        JsonNode nelson = items.get(1);
        assertEquals(nelsonId, nelson.get("_id").asText());
        assertEquals(nelson.get("username").asText() + " - Nelson Mandela", nelson.get("custom_name").asText());
        ApiClient.Response excepted = agent.get("/api/v1/livechat/visitors.autocomplete?selector="
                + URLEncoder.encode("{\"term\":\"NEL\",\"exceptions\":[\"" + nelsonId + "\"]}",
                StandardCharsets.UTF_8));
        assertEquals(1, excepted.json().get("items").size());
        assertEquals(0, agent.get("/api/v1/livechat/visitors.autocomplete?selector="
                + URLEncoder.encode("{\"term\":\"mandela\"}", StandardCharsets.UTF_8)).json().get("items").size());
        assertEquals(400, agent.get("/api/v1/livechat/visitors.autocomplete?selector=%7Binvalid").status());
        ApiClient.Response missing = agent.get("/api/v1/livechat/visitors.autocomplete");
        assertEquals(400, missing.status());
        assertEquals("must have required property 'selector' [invalid-params]", missing.json().get("error").asText());
    }

    @Test
    void autocompleteReturnsAtMostTen() {
        for (int i = 0; i < 12; i++) {
            register("tok-many-" + i, "Zed " + i, null, null, null);
        }
        ApiClient.Response response = agent.get("/api/v1/livechat/visitors.autocomplete?selector="
                + URLEncoder.encode("{\"term\":\"zed\"}", StandardCharsets.UTF_8));
        assertEquals(10, response.json().get("items").size());
        for (int i = 0; i < 12; i++) {
            manager.post("/api/v1/livechat/visitors.erase", Json.of(Map.of("visitorId",
                    host.client().get("/api/v1/livechat/visitor/tok-many-" + i).json().get("visitor").get("_id")
                            .asText())));
        }
    }

    @Test
    void eraseById() {
        String id = register("tok-erase", "Erase Me", "erase@example.org", null, null);
        assertEquals(403, agent.post("/api/v1/livechat/visitors.erase", Json.of(Map.of("visitorId", id))).status());
        ApiClient.Response erased = manager.post("/api/v1/livechat/visitors.erase", Json.of(Map.of("visitorId", id)));
        assertEquals(200, erased.status(), erased.toString());
        assertEquals(id, erased.json().get("visitor").get("_id").asText());
        assertTrue(erased.json().get("visitor").has("ts"));
        ApiClient.Response byToken = host.client().get("/api/v1/livechat/visitor/tok-erase");
        assertEquals(400, byToken.status());
        assertEquals(0, search("erase@example.org").get("total").asInt());
        assertEquals(400, agent.get("/api/v1/livechat/visitors.info?visitorId=" + id).status());
        ApiClient.Response again = manager.post("/api/v1/livechat/visitors.erase", Json.of(Map.of("visitorId", id)));
        assertEquals(400, again.status());
        assertEquals("visitor-not-found", again.json().get("error").asText());
        assertEquals(400, manager.post("/api/v1/livechat/visitors.erase", "{}").status());
    }
}
