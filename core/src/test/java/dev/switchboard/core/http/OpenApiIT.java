package dev.switchboard.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.switchboard.core.plugin.PluginFixtures;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.Operators;
import dev.switchboard.core.testing.TestHost;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Keeps {@code GET /api/openapi.json} true: every route the router mounts is in the document, and real answers
 * of every documented operation (successes and errors) validate against the document's schema for their status
 * (JSON Schema 2020-12, networknt json-schema-validator).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private TestHost host;
    private JsonNode document;
    private ApiClient anonymous;
    private ApiClient admin;
    private ApiClient nobody;
    /** "METHOD /template" of every operation a real answer was checked for. */
    private final Set<String> exercised = new TreeSet<>();

    @BeforeAll
    void start() throws Exception {
        host = TestHost.start(b -> b.adminToken(Operators.ADMIN_TOKEN)
                .pluginsDir(PluginFixtures.pluginsDir("attacher")));
        anonymous = host.client();
        admin = anonymous.withHeaders(Map.of("X-User-Id", "admin", "X-Auth-Token", Operators.ADMIN_TOKEN));
        nobody = new Operators(host).userWithRoles("nobody", List.of());
        ApiClient.Response served = anonymous.get("/api/openapi.json");
        assertEquals(200, served.status());
        document = served.json();
    }

    @AfterAll
    void stop() {
        host.close();
    }

    /** Validates {@code response} against the document's schema for {@code method template} and its status. */
    private JsonNode check(String method, String template, ApiClient.Response response) {
        JsonNode operation = document.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        assertTrue(operation.isObject(), () -> method + " " + template + " is not in the document");
        JsonNode responses = operation.path("responses");
        JsonNode answer = responses.has(String.valueOf(response.status()))
                ? responses.get(String.valueOf(response.status())) : responses.path("default");
        assertTrue(answer.isObject(), () -> method + " " + template + " does not document status "
                + response.status() + ": " + response);
        if (answer.has("$ref")) {
            answer = resolve(answer.get("$ref").asText());
        }
        exercised.add(method + " " + template);
        JsonNode json = answer.path("content").path("application/json").path("schema");
        if (json.isMissingNode()) {
            return null; // not JSON (the metrics text): its content type is checked by the caller
        }
        ObjectNode schema = json.deepCopy();
        schema.set("components", document.get("components")); // so "#/components/..." resolves
        Schema validator = SCHEMAS.getSchema(schema.toString());
        List<Error> errors = validator.validate(response.json());
        assertTrue(errors.isEmpty(), () -> method + " " + template + " " + response.status() + " breaks the document: "
                + errors + "\n" + response.text());
        return response.json();
    }

    private JsonNode resolve(String ref) {
        return document.at(ref.substring(1));
    }

    private String body(Object value) {
        return Json.of(value);
    }

    @Test
    void everyMountedRouteIsDocumentedAndEveryOperationAnswersAsDocumented() {
        exerciseVisitorApi();
        exerciseOperatorApi();
        exerciseAppsAndSystem();

        Set<String> documented = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(key -> {
            if (Set.of("get", "post", "put", "delete").contains(key)) {
                documented.add(key.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        assertEquals(documented, exercised, "every documented operation is checked against a real answer");

        Vertx vertx = Vertx.vertx();
        try {
            for (Route route : host.host().routes().build(vertx, host.host().routes().guard(vertx)).getRoutes()) {
                String path = route.getPath();
                if (path == null) {
                    continue; // handlers for every request (telemetry, failures)
                }
                String template = path.replaceAll(":([A-Za-z_]+)", "{$1}") + (path.endsWith("/") ? "{path}" : "");
                Set<HttpMethod> methods = route.methods() == null ? Set.of() : route.methods();
                assertTrue(document.path("paths").has(template), () -> template + " is mounted but not documented");
                for (HttpMethod method : methods) {
                    assertTrue(documented.contains(method.name() + " " + template),
                            () -> method + " " + template + " is mounted but not documented");
                }
            }
        } finally {
            vertx.close();
        }
    }

    private void exerciseVisitorApi() {
        String v = "/api/v1/livechat";
        check("POST", v + "/visitor", anonymous.post(v + "/visitor", body(Map.of("visitor",
                Map.of("token", "oa-1", "name", "Open Api", "email", "oa@example.com", "phone", "+15550001")))));
        check("POST", v + "/visitor", anonymous.post(v + "/visitor", "{}"));
        check("GET", v + "/visitor/{token}", anonymous.get(v + "/visitor/oa-1"));
        check("GET", v + "/visitor/{token}", anonymous.get(v + "/visitor/nobody-has-this"));
        check("POST", v + "/custom-fields.save", admin.post(v + "/custom-fields.save", body(Map.of("customFieldData",
                Map.of("field", "plan", "label", "Plan", "scope", "visitor", "visibility", "visible")))));
        check("POST", v + "/custom.field", anonymous.post(v + "/custom.field",
                body(Map.of("token", "oa-1", "key", "plan", "value", "gold", "overwrite", true))));
        check("POST", v + "/custom.field", anonymous.post(v + "/custom.field",
                body(Map.of("token", "nope", "key", "plan", "value", "gold", "overwrite", true))));
        check("POST", v + "/custom.fields", anonymous.post(v + "/custom.fields", body(Map.of("token", "oa-1",
                "customFields", List.of(Map.of("key", "plan", "value", "silver", "overwrite", true))))));
        anonymous.post(v + "/visitor", body(Map.of("visitor", Map.of("token", "oa-2"))));
        check("DELETE", v + "/visitor/{token}", anonymous.delete(v + "/visitor/oa-2"));
    }

    private void exerciseOperatorApi() {
        String v = "/api/v1/livechat";
        Map<String, Object> fields = Map.of("name", "OA dept", "enabled", true, "showOnRegistration", true,
                "showOnOfflineForm", false, "email", "oa@example.com", "maxNumberSimultaneousChat", 2);
        JsonNode created = check("POST", v + "/department", admin.post(v + "/department", body(Map.of(
                "department", fields, "agents", List.of(Map.of("agentId", "admin"))))));
        String id = created.at("/department/_id").asText();
        check("POST", v + "/department", admin.post(v + "/department", body(Map.of("department", Map.of()))));
        check("POST", v + "/department", anonymous.post(v + "/department", body(Map.of("department", fields))));
        check("POST", v + "/department", nobody.post(v + "/department", body(Map.of("department", fields))));
        check("GET", v + "/department", admin.get(v + "/department?count=5"));
        check("GET", v + "/department/{_id}", admin.get(v + "/department/" + id + "?includeAgents=true"));
        check("GET", v + "/department/{_id}", admin.get(v + "/department/unknown"));
        check("PUT", v + "/department/{_id}", admin.put(v + "/department/" + id, body(Map.of("department", fields))));
        check("DELETE", v + "/department/{_id}", admin.delete(v + "/department/" + id));
        check("DELETE", v + "/department/{_id}", admin.delete(v + "/department/" + id));

        check("GET", v + "/custom-fields", admin.get(v + "/custom-fields"));
        check("GET", v + "/custom-fields/{_id}", admin.get(v + "/custom-fields/plan"));
        check("GET", v + "/custom-fields/{_id}", admin.get(v + "/custom-fields/unknown"));
        admin.post(v + "/custom-fields.save", body(Map.of("customFieldData",
                Map.of("field", "gone", "label", "Gone", "scope", "room", "visibility", "hidden"))));
        check("POST", v + "/custom-fields.delete", admin.post(v + "/custom-fields.delete",
                body(Map.of("customFieldId", "gone"))));

        String visitorId = anonymous.get(v + "/visitor/oa-1").json().at("/visitor/_id").asText();
        check("GET", v + "/visitors.info", admin.get(v + "/visitors.info?visitorId=" + visitorId));
        check("GET", v + "/visitors.info", admin.get(v + "/visitors.info"));
        check("GET", v + "/visitors.search", admin.get(v + "/visitors.search?term=open"));
        check("GET", v + "/visitors.autocomplete",
                admin.get(v + "/visitors.autocomplete?selector=%7B%22term%22%3A%22Open%22%7D"));
        check("POST", v + "/visitors.erase", admin.post(v + "/visitors.erase", body(Map.of("visitorId", visitorId))));

        String u = "/api/v1/users";
        JsonNode user = check("POST", u + ".create", admin.post(u + ".create", body(Map.of("username", "oa.agent",
                "name", "OA Agent", "email", "agent@example.com", "roles", List.of("agent")))));
        assertNotNull(user.at("/user/_id").textValue());
        check("POST", u + ".generatePersonalAccessToken", admin.post(u + ".generatePersonalAccessToken",
                body(Map.of("tokenName", "oa"))));
        check("POST", u + ".generatePersonalAccessToken", nobody.post(u + ".generatePersonalAccessToken",
                body(Map.of("tokenName", "oa"))));
        check("POST", u + ".regeneratePersonalAccessToken", admin.post(u + ".regeneratePersonalAccessToken",
                body(Map.of("tokenName", "oa"))));
        check("POST", u + ".regeneratePersonalAccessToken", admin.post(u + ".regeneratePersonalAccessToken",
                body(Map.of("tokenName", "no-such-token"))));
        check("GET", u + ".getPersonalAccessTokens", admin.get(u + ".getPersonalAccessTokens"));
        check("POST", u + ".removePersonalAccessToken", admin.post(u + ".removePersonalAccessToken",
                body(Map.of("tokenName", "oa"))));
    }

    private void exerciseAppsAndSystem() {
        check("GET", "/api/apps", admin.get("/api/apps"));
        check("GET", "/api/apps", nobody.get("/api/apps"));
        check("GET", "/api/apps/{id}", admin.get("/api/apps/test-attacher"));
        check("POST", "/api/apps/{id}/settings", admin.post("/api/apps/test-attacher/settings",
                body(Map.of("settings", Map.of("apiKey", "k-1")))));
        check("POST", "/api/apps/{id}/status", admin.post("/api/apps/test-attacher/status",
                body(Map.of("status", "manually_enabled"))));
        check("GET", "/api/apps/public/{appId}/{path}", anonymous.get("/api/apps/public/test-attacher/echo"));
        check("POST", "/api/apps/public/{appId}/{path}", anonymous.post("/api/apps/public/test-attacher/echo", "{}"));
        check("GET", "/health", anonymous.get("/health"));
        check("GET", "/api/info", anonymous.get("/api/info"));
        check("GET", "/api/openapi.json", anonymous.get("/api/openapi.json"));
        ApiClient.Response metrics = anonymous.withHeaders(Map.of("Authorization", "Bearer " + Operators.ADMIN_TOKEN))
                .get("/metrics");
        check("GET", "/metrics", metrics);
        assertTrue(metrics.header("Content-Type").startsWith("text/plain"));
        check("GET", "/metrics", anonymous.get("/metrics"));
    }
}
