package dev.switchboard.core.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.Operators;
import dev.switchboard.core.testing.TestHost;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomFieldIT {
    private TestHost host;
    private ApiClient manager;
    private ApiClient agent;
    private ApiClient visitorApi;

    @BeforeAll
    void start() throws Exception {
        host = Operators.startHost();
        Operators operators = new Operators(host);
        manager = operators.userWithRoles("manager", List.of("manager"));
        agent = operators.userWithRoles("agent", List.of("agent"));
        visitorApi = host.client();
        define("address", "visitor", "visible", null, false);
        define("zip", "visitor", "visible", "^[0-9]{5}$", false);
        define("secret", "visitor", "hidden", null, false);
        define("roomTopic", "room", "visible", null, false);
        define("evil", "visitor", "visible", "^(a+)+$", false);
    }

    @AfterAll
    void stop() {
        host.close();
    }

    private JsonNode define(String field, String scope, String visibility, String regexp, boolean required) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("field", field);
        data.put("label", "Label " + field);
        data.put("scope", scope);
        data.put("visibility", visibility);
        data.put("regexp", regexp == null ? "" : regexp);
        data.put("required", required);
        ApiClient.Response saved = manager.post("/api/v1/livechat/custom-fields.save",
                Json.of(Map.of("customFieldData", data)));
        assertEquals(200, saved.status(), saved.toString());
        return saved.json().get("customField");
    }

    private String register(String token, List<Map<String, Object>> customFields) {
        Map<String, Object> visitor = new LinkedHashMap<>();
        visitor.put("token", token);
        visitor.put("name", "Visitor " + token);
        if (customFields != null) {
            visitor.put("customFields", customFields);
        }
        ApiClient.Response response = visitorApi.post("/api/v1/livechat/visitor", Json.of(Map.of("visitor", visitor)));
        assertEquals(200, response.status(), response.toString());
        return response.json().get("visitor").get("_id").asText();
    }

    private JsonNode livechatData(String token) {
        JsonNode visitor = visitorApi.get("/api/v1/livechat/visitor/" + token).json().get("visitor");
        return visitor.has("livechatData") ? visitor.get("livechatData") : new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    }

    private static Map<String, Object> item(String key, String value, boolean overwrite) {
        return Map.of("key", key, "value", value, "overwrite", overwrite);
    }

    @Test
    void definitionsCrud() {
        JsonNode created = define("crudField", "visitor", "visible", "^x", false);
        assertEquals("crudField", created.get("_id").asText());
        assertEquals("^x", created.get("regexp").asText());
        Instant createdAt = Instant.parse(created.get("_updatedAt").asText()); // ILivechatCustomField carries it

        ApiClient.Response duplicate = manager.post("/api/v1/livechat/custom-fields.save", Json.of(Map.of(
                "customFieldData", Map.of("field", "crudField", "label", "L", "scope", "visitor",
                        "visibility", "visible"))));
        assertEquals(400, duplicate.status());
        assertEquals("Custom Field already exists [error-custom-field-already-exists]",
                duplicate.json().get("error").asText());

        ApiClient.Response updated = manager.post("/api/v1/livechat/custom-fields.save", Json.of(Map.of(
                "customFieldId", "crudField", "customFieldData", Map.of("field", "crudField", "label", "New label",
                        "scope", "visitor", "visibility", "hidden", "searchable", true))));
        assertEquals(200, updated.status(), updated.toString());
        ApiClient.Response read = agent.get("/api/v1/livechat/custom-fields/crudField");
        assertEquals("New label", read.json().get("customField").get("label").asText());
        assertFalse(Instant.parse(read.json().get("customField").get("_updatedAt").asText()).isBefore(createdAt));
        assertEquals("hidden", read.json().get("customField").get("visibility").asText());
        assertTrue(read.json().get("customField").get("searchable").asBoolean());

        ApiClient.Response list = agent.get("/api/v1/livechat/custom-fields?count=2&offset=0");
        assertEquals(200, list.status());
        assertEquals(2, list.json().get("count").asInt());
        assertTrue(list.json().get("total").asInt() >= 6);
        assertEquals(0, list.json().get("offset").asInt());

        assertEquals(400, manager.post("/api/v1/livechat/custom-fields.save", Json.of(Map.of(
                "customFieldId", "missing", "customFieldData", Map.of("field", "missing", "label", "L",
                        "scope", "visitor", "visibility", "visible")))).status());
        assertEquals(400, manager.post("/api/v1/livechat/custom-fields.save", Json.of(Map.of(
                "customFieldData", Map.of("field", "bad name!", "label", "L", "scope", "visitor",
                        "visibility", "visible")))).status());
        assertEquals(400, manager.post("/api/v1/livechat/custom-fields.save", Json.of(Map.of(
                "customFieldData", Map.of("field", "badRegex", "label", "L", "scope", "visitor",
                        "visibility", "visible", "regexp", "([a-z")))).status());

        assertEquals(200, manager.post("/api/v1/livechat/custom-fields.delete",
                Json.of(Map.of("customFieldId", "crudField"))).status());
        assertTrue(agent.get("/api/v1/livechat/custom-fields/crudField").json().get("customField").isNull());
        assertEquals(400, manager.post("/api/v1/livechat/custom-fields.delete",
                Json.of(Map.of("customFieldId", "crudField"))).status());
    }

    @Test
    void registrationAppliesOnlyVisibleVisitorFieldsWithOverwriteRules() {
        register("reg-1", List.of(item("address", "First street", false), item("secret", "s", true),
                item("roomTopic", "t", true), item("unknown", "u", true)));
        JsonNode data = livechatData("reg-1");
        assertEquals("First street", data.get("address").asText());
        assertFalse(data.has("secret"));
        assertFalse(data.has("roomTopic"));
        assertFalse(data.has("unknown"));

        register("reg-1", List.of(item("address", "Second street", false)));
        assertEquals("First street", livechatData("reg-1").get("address").asText());
        register("reg-1", List.of(item("address", "Third street", true)));
        assertEquals("Third street", livechatData("reg-1").get("address").asText());
        register("reg-1", List.of(item("address", "", true)));
        register("reg-1", List.of(item("address", "Fourth street", false)));
        assertEquals("Fourth street", livechatData("reg-1").get("address").asText()); // empty counts as unset
    }

    @Test
    void registrationRequiresRequiredFieldsOnlyWhenCustomFieldsAreSent() {
        define("reqA", "visitor", "visible", null, true);
        define("reqB", "visitor", "visible", null, true);
        try {
            register("req-1", null);
            register("req-2", List.of());
            ApiClient.Response missing = visitorApi.post("/api/v1/livechat/visitor", Json.of(Map.of("visitor",
                    Map.of("token", "req-3", "customFields", List.of(item("address", "x", true))))));
            assertEquals(400, missing.status());
            assertEquals("Missing required custom fields: reqA, reqB", missing.json().get("error").asText());
            assertFalse(missing.json().has("errorType"));
            register("req-4", List.of(item("reqA", "a", true), item("reqB", "b", true)));
        } finally {
            manager.post("/api/v1/livechat/custom-fields.delete", Json.of(Map.of("customFieldId", "reqA")));
            manager.post("/api/v1/livechat/custom-fields.delete", Json.of(Map.of("customFieldId", "reqB")));
        }
    }

    @Test
    void customFieldValidation() {
        String path = "/api/v1/livechat/custom.field";
        assertEquals("must have required property 'token' [invalid-params]",
                visitorApi.post(path, "{}").json().get("error").asText());
        assertEquals("invalid-params", visitorApi.post(path, "{}").json().get("errorType").asText());
        assertEquals("must have required property 'key' [invalid-params]",
                visitorApi.post(path, Json.of(Map.of("token", "invalid-token"))).json().get("error").asText());
        assertEquals(400, visitorApi.post(path, Json.of(Map.of("token", "t", "key", "k"))).status());
        assertEquals("must have required property 'overwrite' [invalid-params]", visitorApi.post(path,
                Json.of(Map.of("token", "t", "key", "k", "value", "v"))).json().get("error").asText());
        register("cf-1", null);
        // An unknown token is answered as a known one: the route does not tell which tokens exist.
        ApiClient.Response unknown = visitorApi.post(path, Json.of(Map.of("token", "nobody", "key", "address",
                "value", "v", "overwrite", false)));
        ApiClient.Response known = visitorApi.post(path, Json.of(Map.of("token", "cf-1", "key", "address",
                "value", "v", "overwrite", false)));
        assertEquals(200, unknown.status(), unknown.toString());
        assertEquals(known.json(), unknown.json());
        assertEquals(400, visitorApi.get("/api/v1/livechat/visitor/nobody").status(), "nothing was created");
        ApiClient.Response badKey = visitorApi.post(path, Json.of(Map.of("token", "cf-1", "key", "invalid-key",
                "value", "v", "overwrite", true)));
        assertEquals(400, badKey.status());
        assertEquals("invalid-custom-field", badKey.json().get("error").asText());
    }

    @Test
    void customFieldWritesWithItsOverwriteRule() {
        register("cf-2", null);
        String path = "/api/v1/livechat/custom.field";
        ApiClient.Response saved = visitorApi.post(path, Json.of(Map.of("token", "cf-2", "key", "address",
                "value", "test_address", "overwrite", true)));
        assertEquals(200, saved.status(), saved.toString());
        assertEquals("test_address", saved.json().get("field").get("value").asText());
        assertEquals("address", saved.json().get("field").get("key").asText());
        assertTrue(saved.json().get("field").get("overwrite").asBoolean());
        assertEquals("test_address", livechatData("cf-2").get("address").asText()); // cache was invalidated

        // overwrite:false skips whenever the key is defined, even as an empty string.
        visitorApi.post(path, Json.of(Map.of("token", "cf-2", "key", "address", "value", "other",
                "overwrite", false)));
        assertEquals("test_address", livechatData("cf-2").get("address").asText());
        visitorApi.post(path, Json.of(Map.of("token", "cf-2", "key", "address", "value", "", "overwrite", true)));
        visitorApi.post(path, Json.of(Map.of("token", "cf-2", "key", "address", "value", "later",
                "overwrite", false)));
        assertEquals("", livechatData("cf-2").get("address").asText());

        // Hidden fields are writable here.
        assertEquals(200, visitorApi.post(path, Json.of(Map.of("token", "cf-2", "key", "secret", "value", "s3",
                "overwrite", true))).status());
        assertEquals("s3", livechatData("cf-2").get("secret").asText());

        // Regexp: mismatch → 400, match → 200; a catastrophic pattern is cut off, not hung.
        ApiClient.Response badZip = visitorApi.post(path, Json.of(Map.of("token", "cf-2", "key", "zip",
                "value", "12ab", "overwrite", true)));
        assertEquals(400, badZip.status());
        assertEquals("Invalid value for zip field", badZip.json().get("error").asText());
        assertEquals(200, visitorApi.post(path, Json.of(Map.of("token", "cf-2", "key", "zip", "value", "12345",
                "overwrite", true))).status());
        long started = System.nanoTime();
        ApiClient.Response evil = visitorApi.post(path, Json.of(Map.of("token", "cf-2", "key", "evil",
                "value", "a".repeat(40) + "!", "overwrite", true)));
        assertEquals(400, evil.status());
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "the regexp budget bounds the match");
    }

    @Test
    void customFieldsValidation() {
        String path = "/api/v1/livechat/custom.fields";
        assertEquals(400, visitorApi.post(path, "{}").status());
        assertEquals("must have required property 'customFields' [invalid-params]",
                visitorApi.post(path, Json.of(Map.of("token", "t"))).json().get("error").asText());
        assertEquals(400, visitorApi.post(path, Json.of(Map.of("token", "t", "customFields", "invalid"))).status());
        assertEquals(400, visitorApi.post(path, Json.of(Map.of("token", "invalid-token", "customFields", List.of())))
                .status());
        assertEquals(400, visitorApi.post(path, Json.of(Map.of("token", "t", "customFields", List.of(Map.of()))))
                .status());
        register("cfs-1", null);
        ApiClient.Response unknown = visitorApi.post(path, Json.of(Map.of("token", "nobody",
                "customFields", List.of(item("address", "x", false)))));
        ApiClient.Response known = visitorApi.post(path, Json.of(Map.of("token", "cfs-1",
                "customFields", List.of(item("address", "x", false)))));
        assertEquals(200, unknown.status(), unknown.toString());
        assertEquals(known.json(), unknown.json());
        assertEquals(400, visitorApi.post(path, Json.of(Map.of("token", "nobody",
                "customFields", List.of(item("nope", "x", true))))).status(), "keys are checked for every token");
        ApiClient.Response badKey = visitorApi.post(path, Json.of(Map.of("token", "cfs-1",
                "customFields", List.of(item("address", "x", true), item("nope", "x", true)))));
        assertEquals("invalid-custom-field", badKey.json().get("error").asText());
        ApiClient.Response badZip = visitorApi.post(path, Json.of(Map.of("token", "cfs-1",
                "customFields", List.of(item("zip", "nope", true)))));
        assertEquals(400, badZip.status());
        assertFalse(livechatData("cfs-1").has("zip"));
    }

    @Test
    void customFieldsWritesWithRegistrationSemanticsAndCapitalKey() {
        register("cfs-2", null);
        String path = "/api/v1/livechat/custom.fields";
        ApiClient.Response saved = visitorApi.post(path, Json.of(Map.of("token", "cfs-2", "customFields",
                List.of(item("address", "test_address", true), item("roomTopic", "topic", true),
                        item("secret", "hidden-ok", false)))));
        assertEquals(200, saved.status(), saved.toString());
        JsonNode fields = saved.json().get("fields");
        assertEquals(3, fields.size());
        assertEquals("roomTopic", fields.get(0).get("Key").asText()); // room fields first
        assertEquals("address", fields.get(1).get("Key").asText());
        assertEquals("test_address", fields.get(1).get("value").asText());
        assertFalse(fields.get(1).has("key"));
        JsonNode data = livechatData("cfs-2");
        assertEquals("test_address", data.get("address").asText());
        assertEquals("hidden-ok", data.get("secret").asText());
        assertFalse(data.has("roomTopic"));

        // overwrite:false writes only over an empty value (unlike custom.field).
        visitorApi.post("/api/v1/livechat/custom.field", Json.of(Map.of("token", "cfs-2", "key", "address",
                "value", "", "overwrite", true)));
        visitorApi.post(path, Json.of(Map.of("token", "cfs-2", "customFields",
                List.of(item("address", "refilled", false), item("secret", "ignored", false)))));
        data = livechatData("cfs-2");
        assertEquals("refilled", data.get("address").asText());
        assertEquals("hidden-ok", data.get("secret").asText());
    }
}
