package dev.switchboard.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.switchboard.core.testing.DdpClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.Operators;
import dev.switchboard.core.testing.TestHost;
import dev.switchboard.core.testing.WebhookReceiver;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code GET /api/openapi.json} true: it is OpenAPI 3.1, every route the router mounts is in the document
 * (the host runs with {@code --livechat-dir} and {@code --cors-origins}, so the routes mounted only then are too),
 * and real answers of every documented operation (successes and errors) validate against the document's schema
 * for their status (JSON Schema 2020-12, networknt json-schema-validator); answers that are not JSON carry the
 * documented content type, or no body when none is documented.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ALLOWED_ORIGIN = "https://site.example";
    private static final Set<String> OPERATIONS = Set.of("get", "head", "post", "put", "delete", "options");
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @TempDir
    static Path widget;

    private TestHost host;
    private JsonNode document;
    private ApiClient anonymous;
    private ApiClient admin;
    private ApiClient nobody;
    /** "METHOD /template" of every operation a real answer was checked for. */
    private final Set<String> exercised = new TreeSet<>();

    @BeforeAll
    void start() throws Exception {
        // The widget's files and CORS are mounted only when configured: configure both, so the test sees them.
        Files.writeString(widget.resolve("index.html"), "<html><head></head><body>widget</body></html>");
        Files.writeString(widget.resolve("widget.js"), "console.log('widget');");
        host = TestHost.start(b -> b.adminToken(Operators.ADMIN_TOKEN)
                .pluginsDir(PluginFixtures.pluginsDir("attacher"))
                .livechatDir(widget)
                .corsOrigins(List.of(ALLOWED_ORIGIN)));
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
        JsonNode content = answer.path("content");
        if (!content.has("application/json")) {
            checkNotJson(method + " " + template, content, response);
            return null;
        }
        JsonNode json = content.path("application/json").path("schema");
        ObjectNode schema = json.deepCopy();
        schema.set("components", document.get("components")); // so "#/components/..." resolves
        Schema validator = SCHEMAS.getSchema(schema.toString());
        List<Error> errors = validator.validate(response.json());
        assertTrue(errors.isEmpty(), () -> method + " " + template + " " + response.status() + " breaks the document: "
                + errors + "\n" + response.text());
        return response.json();
    }

    /**
     * An answer documented without JSON: without content it has no body (redirects, 304, preflights, HEAD);
     * otherwise its content type is one the document names ({@code *}{@code /*}: any).
     */
    private static void checkNotJson(String operation, JsonNode content, ApiClient.Response response) {
        if (content.isMissingNode()) {
            assertEquals(0, response.body().length, () -> operation + " " + response.status() + " has a body");
            return;
        }
        String type = response.header("Content-Type");
        assertNotNull(type, () -> operation + " " + response.status() + " has no content type");
        String mediaType = type.split(";")[0].trim().toLowerCase(Locale.ROOT);
        assertTrue(content.has(mediaType) || content.has("*/*"),
                () -> operation + " " + response.status() + " answers " + type + ", documented: " + content);
    }

    private JsonNode resolve(String ref) {
        return document.at(ref.substring(1));
    }

    private String body(Object value) {
        return Json.of(value);
    }

    /**
     * The document is OpenAPI 3.1: it validates against the OpenAPI Initiative's schema for 3.1 documents (a copy,
     * {@code oas-3.1-schema-2022-10-07.json}), which rejects a document without {@code info}.
     */
    @Test
    void theDocumentIsValidOpenApi31() throws Exception {
        String oas;
        try (var in = OpenApiIT.class.getResourceAsStream("/openapi/oas-3.1-schema-2022-10-07.json")) {
            oas = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Schema openApi31 = SCHEMAS.getSchema(oas);
        List<Error> errors = openApi31.validate(document);
        assertTrue(errors.isEmpty(), () -> "not OpenAPI 3.1: " + errors);
        ObjectNode broken = document.deepCopy();
        broken.remove("info");
        assertFalse(openApi31.validate(broken).isEmpty(), "the schema checks the document");
    }

    @Test
    void everyMountedRouteIsDocumentedAndEveryOperationAnswersAsDocumented() throws Exception {
        exerciseVisitorApi();
        exerciseOperatorApi();
        exerciseAppsAndSystem();
        exerciseConversations();
        exerciseDesk();
        exerciseSettings();
        exerciseWidgetFilesAndUpgrades();

        Set<String> documented = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(key -> {
            if (OPERATIONS.contains(key)) {
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

    /** A department's agents, {@code department.autocomplete}, {@code .listByIds}, isDepartmentCreationAvailable. */
    private void exerciseDepartmentLookups(String v, String id) {
        String agents = v + "/department/{_id}/agents";
        String path = v + "/department/" + id + "/agents";
        String change = body(Map.of("upsert", List.of(Map.of("agentId", "admin", "order", 1)), "remove", List.of()));
        check("POST", agents, admin.post(path, change));
        check("POST", agents, admin.post(path, body(Map.of("upsert", "x", "remove", List.of()))));
        check("POST", agents, anonymous.post(path, change));
        check("POST", agents, nobody.post(path, change));
        check("GET", agents, admin.get(path + "?count=5"));
        check("GET", agents, admin.get(path + "?offset=-1"));
        check("GET", agents, anonymous.get(path));
        check("GET", agents, nobody.get(path));
        String autocomplete = v + "/department.autocomplete";
        String selector = autocomplete + "?selector=" + URLEncoder.encode("{\"term\":\"OA\"}", StandardCharsets.UTF_8);
        check("GET", autocomplete, admin.get(selector));
        check("GET", autocomplete, admin.get(autocomplete));
        check("GET", autocomplete, anonymous.get(selector));
        check("GET", autocomplete, nobody.get(selector));
        String byIds = v + "/department.listByIds";
        check("GET", byIds, admin.get(byIds + "?ids=" + id + "&ids=unknown"));
        check("GET", byIds, admin.get(byIds + "?ids=" + id));
        check("GET", byIds, anonymous.get(byIds + "?ids=" + id + "&ids=unknown"));
        check("GET", byIds, nobody.get(byIds + "?ids=" + id + "&ids=unknown"));
        String creation = v + "/department/isDepartmentCreationAvailable";
        check("GET", creation, admin.get(creation));
        check("GET", creation, anonymous.get(creation));
        check("GET", creation, nobody.get(creation));
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
        exerciseDepartmentLookups(v, id);
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
        anonymous.post(v + "/visitor", body(Map.of("visitor", Map.of("token", "oa-3", "name", "Open Capped"))));
        JsonNode capped = check("GET", v + "/visitors.search", admin.get(v + "/visitors.search?term=open&totalUpTo=1"));
        assertTrue(capped.path("totalCapped").asBoolean(), capped.toString());
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

    /** The visitor's conversation routes, then the agent's: login, sending, syncing, listing, logout. */
    private void exerciseConversations() {
        String v = "/api/v1/livechat";
        String token = "oa-chat-1";
        anonymous.post(v + "/visitor", body(Map.of("visitor",
                Map.of("token", token, "name", "Chat Visitor", "email", "chat@example.com"))));
        JsonNode opened = check("GET", v + "/room", anonymous.get(v + "/room?token=" + token));
        assertTrue(opened.get("newRoom").asBoolean());
        String rid = opened.at("/room/_id").asText();
        check("GET", v + "/room", anonymous.get(v + "/room"));
        check("GET", v + "/agent.info/{rid}/{token}", anonymous.get(v + "/agent.info/" + rid + "/" + token));

        Map<String, Object> sent = Map.of("token", token, "rid", rid, "msg", "Hello", "_id", "oa-m-1");
        check("POST", v + "/message", anonymous.post(v + "/message", body(sent)));
        check("POST", v + "/message", anonymous.post(v + "/message", body(Map.of("token", token, "rid", rid))));
        JsonNode edited = check("PUT", v + "/message/{_id}", anonymous.put(v + "/message/oa-m-1",
                body(Map.of("token", token, "rid", rid, "msg", "Hello!"))));
        assertNotNull(edited.at("/message/editedAt").textValue());
        check("PUT", v + "/message/{_id}", anonymous.put(v + "/message/no-such-message",
                body(Map.of("token", token, "rid", rid, "msg", "Hello!"))));
        Map<String, Object> page = Map.of("change", "url", "title", "Pricing",
                "location", Map.of("href", "https://site.example/pricing"));
        JsonNode visited = check("POST", v + "/page.visited", anonymous.post(v + "/page.visited",
                body(Map.of("token", token, "rid", rid, "pageInfo", page))));
        assertEquals("Pricing", visited.at("/page/navigation/page/title").asText());
        check("POST", v + "/page.visited", anonymous.post(v + "/page.visited",
                body(Map.of("token", token, "pageInfo", page))));
        check("POST", v + "/page.visited", anonymous.post(v + "/page.visited", body(Map.of("token", token))));
        check("GET", v + "/messages.history/{rid}", anonymous.get(v + "/messages.history/" + rid + "?token=" + token));
        check("GET", v + "/messages.history/{rid}",
                anonymous.get(v + "/messages.history/" + rid + "?token=" + token + "&searchText=x"));
        check("POST", v + "/visitor.status", anonymous.post(v + "/visitor.status",
                body(Map.of("token", token, "status", "away"))));
        check("POST", v + "/visitor.status", anonymous.post(v + "/visitor.status",
                body(Map.of("token", "no-such-token", "status", "away"))));

        ApiClient agent = exerciseLogin();
        String a = "/api/v1";
        JsonNode agentSent = check("POST", a + "/chat.sendMessage", agent.post(a + "/chat.sendMessage",
                body(Map.of("message", Map.of("rid", rid, "msg", "Hi, how can I help?")))));
        assertEquals("oa.chat.agent", agentSent.at("/message/u/username").asText());
        check("POST", a + "/chat.sendMessage", agent.post(a + "/chat.sendMessage",
                body(Map.of("message", Map.of("rid", "no-such-room", "msg", "Hi")))));
        check("POST", a + "/chat.sendMessage", anonymous.post(a + "/chat.sendMessage",
                body(Map.of("message", Map.of("rid", rid, "msg", "Hi")))));
        check("GET", v + "/agent.info/{rid}/{token}", anonymous.get(v + "/agent.info/" + rid + "/" + token));
        check("DELETE", v + "/message/{_id}", anonymous.delete(v + "/message/oa-m-1",
                body(Map.of("token", token, "rid", rid))));
        check("DELETE", v + "/message/{_id}", anonymous.delete(v + "/message/oa-m-1", body(Map.of("token", token))));
        JsonNode sync = check("GET", a + "/chat.syncMessages", agent.get(a + "/chat.syncMessages?roomId=" + rid
                + "&lastUpdate=2020-01-01T00:00:00.000Z"));
        assertEquals("oa-m-1", sync.at("/result/deleted/0/_id").asText());
        JsonNode cursorPage = check("GET", a + "/chat.syncMessages", agent.get(a + "/chat.syncMessages?roomId=" + rid
                + "&type=DELETED&next=0"));
        assertEquals("oa-m-1", cursorPage.at("/result/deleted/0/_id").asText());
        check("GET", a + "/chat.syncMessages", agent.get(a + "/chat.syncMessages?lastUpdate=2020-01-01T00:00:00Z"));
        check("GET", a + "/chat.syncMessages", anonymous.get(a + "/chat.syncMessages?roomId=" + rid
                + "&lastUpdate=2020-01-01T00:00:00Z"));
        JsonNode info = check("GET", a + "/rooms.info", agent.get(a + "/rooms.info?roomId=" + rid));
        assertEquals(rid, info.at("/room/_id").asText());
        check("GET", a + "/rooms.info", agent.get(a + "/rooms.info"));
        check("GET", a + "/rooms.info", nobody.get(a + "/rooms.info?roomId=" + rid));
        check("GET", a + "/rooms.info", anonymous.get(a + "/rooms.info?roomId=" + rid));
        JsonNode ofToken = check("GET", v + "/visitor/{token}/room", admin.get(v + "/visitor/" + token + "/room"));
        assertEquals("oa.chat.agent", ofToken.at("/rooms/0/servedBy/username").asText());
        check("GET", v + "/visitor/{token}/room", nobody.get(v + "/visitor/" + token + "/room"));
        check("GET", v + "/visitor/{token}/room", anonymous.get(v + "/visitor/" + token + "/room"));
        exerciseWidgetConfig(token);

        check("POST", v + "/room.close", anonymous.post(v + "/room.close", body(Map.of("rid", rid, "token", token))));
        check("POST", v + "/room.close", anonymous.post(v + "/room.close", body(Map.of("rid", rid, "token", token))));
        JsonNode listed = check("GET", v + "/rooms", admin.get(v + "/rooms?open=false"));
        assertNotNull(listed.at("/rooms/0/closedAt").textValue(), "a closed room shows how it closed");
        check("GET", v + "/rooms", admin.get(v + "/rooms?open=maybe"));
        check("GET", v + "/rooms", nobody.get(v + "/rooms"));
        check("GET", v + "/rooms", anonymous.get(v + "/rooms"));
        check("POST", v + "/offline.message", anonymous.post(v + "/offline.message",
                body(Map.of("name", "Later", "email", "later@example.com", "message", "Call me back"))));
        check("POST", v + "/offline.message", anonymous.post(v + "/offline.message",
                body(Map.of("name", "Later", "email", "not-an-email", "message", "Call me back"))));

        check("POST", a + "/logout", agent.post(a + "/logout", "{}"));
        check("POST", a + "/logout", agent.post(a + "/logout", "{}"));
    }

    /** Creates an agent with a password, logs in every way the document names, and answers its client. */
    private ApiClient exerciseLogin() {
        String a = "/api/v1";
        admin.post(a + "/users.create", body(Map.of("username", "oa.chat.agent", "name", "OA Chat Agent",
                "email", "chat.agent@example.com", "password", "oa-password-1", "roles", List.of("agent"))));
        ApiClient agent = login("oa.chat.agent", "oa-password-1");
        check("POST", a + "/login", anonymous.post(a + "/login",
                body(Map.of("user", "oa.chat.agent", "password", "wrong"))));
        check("POST", a + "/login", anonymous.post(a + "/login", "[]"));
        check("GET", a + "/me", agent.get(a + "/me"));
        check("GET", a + "/me", admin.get(a + "/me"));
        check("GET", a + "/me", nobody.get(a + "/me"));
        check("GET", a + "/me", anonymous.get(a + "/me"));
        return agent;
    }

    /** Logs {@code username} in (checking the answer) and answers a client carrying its login token. */
    private ApiClient login(String username, String password) {
        JsonNode login = check("POST", "/api/v1/login", anonymous.post("/api/v1/login",
                body(Map.of("user", username, "password", password))));
        return anonymous.withHeaders(Map.of("X-User-Id", login.at("/data/userId").asText(),
                "X-Auth-Token", login.at("/data/authToken").asText()));
    }

    /** Agents and managers, availability, and the inquiry queue (docs/desks.md). */
    private void exerciseDesk() throws Exception {
        String v = "/api/v1/livechat";
        String users = v + "/users/{type}";
        String one = users + "/{_id}";
        admin.post("/api/v1/users.create", body(Map.of("username", "oa.desk", "name", "OA Desk",
                "email", "desk.agent@example.com", "password", "oa-password-2", "roles", List.of("user"))));
        JsonNode added = check("POST", users, admin.post(v + "/users/agent", body(Map.of("username", "oa.desk"))));
        String id = added.at("/user/_id").asText();
        check("POST", users, admin.post(v + "/users/manager", body(Map.of("username", "nobody-has-this-name"))));
        check("POST", users, nobody.post(v + "/users/agent", body(Map.of("username", "oa.desk"))));
        check("POST", users, anonymous.post(v + "/users/agent", body(Map.of("username", "oa.desk"))));
        ApiClient agent = login("oa.desk", "oa-password-2");
        JsonNode listed = check("GET", users, admin.get(v + "/users/agent?text=OA%20DESK&onlyAvailable=true"));
        assertEquals("online", listed.at("/users/0/status").asText());
        check("GET", users, admin.get(v + "/users/owner"));
        check("GET", users, nobody.get(v + "/users/agent"));
        check("GET", users, anonymous.get(v + "/users/agent"));
        JsonNode shown = check("GET", one, admin.get(v + "/users/agent/" + id));
        assertEquals("available", shown.at("/user/statusLivechat").asText());
        assertTrue(check("GET", one, admin.get(v + "/users/manager/" + id)).get("user").isNull());
        check("GET", one, admin.get(v + "/users/owner/" + id));
        check("GET", one, nobody.get(v + "/users/agent/" + id));
        check("GET", one, anonymous.get(v + "/users/agent/" + id));

        String status = v + "/agent.status";
        assertEquals("not-available", check("POST", status, agent.post(status, "{}")).get("status").asText());
        check("POST", status, admin.post(status, body(Map.of("agentId", id, "status", "available"))));
        check("POST", status, agent.post(status, body(Map.of("status", "away"))));
        check("POST", status, agent.post(status, body(Map.of("agentId", "admin"))));
        check("POST", status, admin.post(status, body(Map.of("agentId", "no-such-agent"))));
        check("POST", status, anonymous.post(status, "{}"));

        exerciseQueue(agent);
        exerciseWebhooks(agent);
        check("DELETE", one, admin.delete(v + "/users/agent/" + id));
        check("DELETE", one, admin.delete(v + "/users/agent/no-such-user"));
        check("DELETE", one, admin.delete(v + "/users/owner/" + id));
        check("DELETE", one, nobody.delete(v + "/users/agent/" + id));
        check("DELETE", one, anonymous.delete(v + "/users/agent/" + id));
    }

    /**
     * With {@code Manual_Selection} (routing defaults to {@code Auto_Selection}, which would give the room to the
     * online {@code agent} at once) a new room of {@code agent}'s department waits in the queue; the agent takes it.
     * The room's visitor now carries {@code lastChat}.
     */
    private void exerciseQueue(ApiClient agent) {
        String v = "/api/v1/livechat";
        String agentId = agent.get("/api/v1/me").json().get("_id").asText();
        String department = admin.post(v + "/department", body(Map.of("department", Map.of("name", "OA desk dept",
                "enabled", true, "showOnRegistration", true, "showOnOfflineForm", false, "email", "q@example.com"),
                "agents", List.of(Map.of("agentId", agentId))))).json().at("/department/_id").asText();
        String token = "oa-desk-1";
        anonymous.post(v + "/visitor", body(Map.of("visitor",
                Map.of("token", token, "name", "OA Queued", "department", department))));
        String routing = "/api/v1/settings/Livechat_Routing_Method";
        admin.post(routing, body(Map.of("value", "Manual_Selection")));
        String rid;
        try {
            rid = anonymous.get(v + "/room?token=" + token).json().at("/room/_id").asText();
        } finally {
            admin.post(routing, body(Map.of("value", "Auto_Selection")));
        }
        String queued = v + "/inquiries.queuedForUser";
        JsonNode queue = check("GET", queued, agent.get(queued + "?department=" + department));
        JsonNode inquiry = queue.at("/inquiries/0");
        assertEquals(rid, inquiry.get("rid").asText());
        assertEquals(department, inquiry.get("department").asText());
        check("GET", queued, agent.get(queued + "?count=0"));
        check("GET", queued, nobody.get(queued));
        check("GET", queued, anonymous.get(queued));
        String take = v + "/inquiries.take";
        Map<String, Object> inquiryId = Map.of("inquiryId", inquiry.get("_id").asText());
        check("POST", take, agent.post(take, body(inquiryId)));
        check("POST", take, agent.post(take, body(inquiryId)));
        check("POST", take, nobody.post(take, body(inquiryId)));
        check("POST", take, anonymous.post(take, body(inquiryId)));
        exerciseRoomRouting(agent, rid);
        exerciseLastChat(token, rid);
    }

    /**
     * The room {@code agent} serves: joined (a no-op for its agent), forwarded by the admin to a second agent (its
     * messages, the transfer history among them, read back), and closed by that agent with tags.
     */
    private void exerciseRoomRouting(ApiClient agent, String rid) {
        String v = "/api/v1/livechat";
        String join = v + "/room.join";
        check("GET", join, agent.get(join + "?roomId=" + rid));
        check("GET", join, agent.get(join));
        check("GET", join, nobody.get(join + "?roomId=" + rid));
        check("GET", join, anonymous.get(join + "?roomId=" + rid));
        admin.post("/api/v1/users.create", body(Map.of("username", "oa.routing", "name", "OA Routing",
                "email", "routing.agent@example.com", "password", "oa-password-3", "roles", List.of("agent"))));
        ApiClient second = login("oa.routing", "oa-password-3");
        String secondId = second.get("/api/v1/me").json().get("_id").asText();
        String forward = v + "/room.forward";
        Map<String, Object> toSecond = Map.of("roomId", rid, "userId", secondId, "comment", "OA forward");
        check("POST", forward, admin.post(forward, body(toSecond)));
        check("POST", forward, admin.post(forward, body(toSecond)));
        check("POST", forward, agent.post(forward, body(toSecond)));
        check("POST", forward, anonymous.post(forward, body(toSecond)));
        JsonNode synced = check("GET", "/api/v1/chat.syncMessages", second.get("/api/v1/chat.syncMessages?roomId="
                + rid + "&lastUpdate=2000-01-01T00:00:00.000Z"));
        assertEquals("livechat_transfer_history", synced.at("/result/updated/1/t").asText());
        String close = v + "/room.closeByUser";
        check("POST", close, agent.post(close, body(Map.of("rid", rid))));
        check("POST", close, nobody.post(close, body(Map.of("rid", rid))));
        check("POST", close, anonymous.post(close, body(Map.of("rid", rid))));
        check("POST", close, second.post(close, body(Map.of("rid", rid, "comment", "Done", "tags", List.of("oa")))));
        JsonNode closed = check("GET", v + "/rooms", admin.get(v + "/rooms?open=false&agents[]=" + secondId));
        assertEquals("oa", closed.at("/rooms/0/tags/0").asText());
    }

    /**
     * {@code webhook.test} against a receiver on loopback, the backlog (an offline message's event retried after a
     * 503), and a dead letter: that event once the receiver refuses it (410), listed and replayed.
     */
    private void exerciseWebhooks(ApiClient agent) throws Exception {
        String v = "/api/v1/livechat";
        String test = v + "/webhook.test";
        String letters = v + "/webhooks.deadLetters";
        String replay = letters + ".replay";
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            check("POST", test, admin.post(test, "{}"));
            receiver.configure(admin);
            check("POST", test, admin.post(test, "{}"));
            check("POST", test, agent.post(test, "{}"));
            check("POST", test, anonymous.post(test, "{}"));
            String backlog = v + "/webhooks.backlog";
            receiver.answer(503);
            anonymous.post(v + "/offline.message", body(Map.of("name", "OA Offline", "email", "oa@example.com",
                    "message", "refused")));
            JsonNode waiting = check("GET", backlog, admin.get(backlog));
            assertEquals(1, waiting.get("waiting").asInt(), "the event retried after a 503 waits");
            assertTrue(waiting.get("oldestQueuedAt").isTextual());
            check("GET", backlog, agent.get(backlog));
            check("GET", backlog, anonymous.get(backlog));
            receiver.answer(410);
            JsonNode page = check("GET", letters, admin.get(letters));
            for (int tries = 0; page.get("total").asInt() == 0 && tries < 300; tries++) {
                Thread.sleep(100);
                page = check("GET", letters, admin.get(letters));
            }
            assertEquals("LivechatOfflineMessage", page.at("/deadLetters/0/type").asText());
            JsonNode drained = check("GET", backlog, admin.get(backlog));
            assertEquals(0, drained.get("waiting").asInt(), "a dead letter no longer waits");
            assertTrue(drained.get("oldestQueuedAt").isNull());
            check("GET", letters, admin.get(letters + "?count=0"));
            check("GET", letters, agent.get(letters));
            check("GET", letters, anonymous.get(letters));
            receiver.answer(200);
            Map<String, Object> ids = Map.of("ids", List.of(page.at("/deadLetters/0/_id").asText()));
            check("POST", replay, admin.post(replay, body(ids)));
            check("POST", replay, admin.post(replay, body(Map.of("ids", "all"))));
            check("POST", replay, agent.post(replay, body(ids)));
            check("POST", replay, anonymous.post(replay, body(ids)));
        } finally {
            admin.post("/api/v1/settings/Livechat_webhookUrl", body(Map.of("value", "")));
        }
    }

    /** Every visitor answer carries {@code lastChat}, and {@code visitors.search} sorts by it. */
    private void exerciseLastChat(String token, String rid) {
        String v = "/api/v1/livechat";
        JsonNode visitor = check("GET", v + "/visitor/{token}", anonymous.get(v + "/visitor/" + token));
        assertEquals(rid, visitor.at("/visitor/lastChat/_id").asText());
        JsonNode again = check("POST", v + "/visitor", anonymous.post(v + "/visitor",
                body(Map.of("visitor", Map.of("token", token, "name", "OA Queued")))));
        assertEquals(rid, again.at("/visitor/lastChat/_id").asText());
        String visitorId = visitor.at("/visitor/_id").asText();
        JsonNode info = check("GET", v + "/visitors.info", admin.get(v + "/visitors.info?visitorId=" + visitorId));
        assertEquals(rid, info.at("/visitor/lastChat/_id").asText());
        JsonNode found = check("GET", v + "/visitors.search", admin.get(v + "/visitors.search?term=OA&sort="
                + URLEncoder.encode("{\"lastChat.ts\":-1}", StandardCharsets.UTF_8)));
        assertEquals(rid, found.at("/visitors/0/lastChat/_id").asText(), "the latest chat first");
        check("GET", v + "/visitors.search", admin.get(v + "/visitors.search?term=OA&sort="
                + URLEncoder.encode("{\"lastChat._id\":1}", StandardCharsets.UTF_8)));
    }

    /** {@code livechat/config} for a visitor with a served open room, with a bad query, and switched off. */
    private void exerciseWidgetConfig(String token) {
        String v = "/api/v1/livechat";
        admin.post(v + "/department", body(Map.of("department", Map.of("name", "OA widget dept", "enabled", true,
                "showOnRegistration", true, "showOnOfflineForm", true, "email", "desk@example.com"))));
        JsonNode config = check("GET", v + "/config", anonymous.get(v + "/config?token=" + token));
        assertEquals("oa.chat.agent", config.at("/config/agent/username").asText());
        assertEquals("OA widget dept", config.at("/config/departments/0/name").asText());
        check("GET", v + "/config", anonymous.get(v + "/config?unknown=1"));
        check("POST", "/api/v1/settings/{_id}", admin.post("/api/v1/settings/Livechat_enabled",
                body(Map.of("value", false))));
        JsonNode off = check("GET", v + "/config", anonymous.get(v + "/config"));
        assertEquals(false, off.at("/config/enabled").booleanValue());
        admin.post("/api/v1/settings/Livechat_enabled", body(Map.of("value", true)));
    }

    private void exerciseSettings() {
        String s = "/api/v1/settings";
        JsonNode all = check("GET", s, admin.get(s + "?count=100"));
        JsonNode visible = check("GET", s, nobody.get(s + "?count=100"));
        assertTrue(visible.get("total").asInt() < all.get("total").asInt(), "privileged settings are hidden");
        check("GET", s, admin.get(s + "?count=many"));
        check("GET", s, anonymous.get(s));
        check("GET", s + "/{_id}", admin.get(s + "/Livechat_title"));
        JsonNode secret = check("GET", s + "/{_id}", admin.get(s + "/Livechat_secret_token"));
        assertTrue(secret.get("secret").asBoolean());
        check("GET", s + "/{_id}", admin.get(s + "/No_such_setting"));
        check("GET", s + "/{_id}", nobody.get(s + "/Livechat_title"));
        check("GET", s + "/{_id}", anonymous.get(s + "/Livechat_title"));
        check("POST", s + "/{_id}", admin.post(s + "/Livechat_title", body(Map.of("value", "Talk to us"))));
        check("POST", s + "/{_id}", admin.post(s + "/Livechat_title", body(Map.of("value", 3))));
        check("POST", s + "/{_id}", admin.post(s + "/No_such_setting", body(Map.of("value", "x"))));
        check("POST", s + "/{_id}", nobody.post(s + "/Livechat_title", body(Map.of("value", "x"))));
        check("POST", s + "/{_id}", anonymous.post(s + "/Livechat_title", body(Map.of("value", "x"))));
    }

    /**
     * What a plain HTTP client gets from the routes that are not JSON: the widget's files (page, redirect, files,
     * conditional requests, HEAD), letter avatars (SVG, 304), CORS preflights, and {@code /websocket} without an upgrade (400); the upgrade
     * itself (101) is checked with a real DDP handshake.
     */
    private void exerciseWidgetFilesAndUpgrades() {
        check("GET", "/livechat", anonymous.get("/livechat"));
        check("HEAD", "/livechat", head("/livechat", Map.of()));
        check("HEAD", "/livechat", head("/livechat/", Map.of()));
        ApiClient.Response redirect = anonymous.get("/livechat/?mode=popout");
        check("GET", "/livechat", redirect);
        assertEquals("/livechat?mode=popout", redirect.header("Location"));
        check("GET", "/livechat/index.html", anonymous.get("/livechat/index.html"));
        check("HEAD", "/livechat/index.html", head("/livechat/index.html", Map.of()));
        ApiClient.Response file = anonymous.get("/livechat/widget.js");
        check("GET", "/livechat/{path}", file);
        String modified = file.header("Last-Modified");
        assertNotNull(modified, () -> "files can be revalidated: " + file.headers());
        check("GET", "/livechat/{path}", anonymous.send("GET", "/livechat/widget.js", null,
                Map.of("If-Modified-Since", modified)));
        check("GET", "/livechat/{path}", anonymous.get("/livechat/missing.js"));
        check("HEAD", "/livechat/{path}", head("/livechat/widget.js", Map.of()));
        check("HEAD", "/livechat/{path}", head("/livechat/missing.js", Map.of()));

        Map<String, String> preflight = Map.of("Origin", ALLOWED_ORIGIN, "Access-Control-Request-Method", "POST");
        ApiClient.Response allowed = anonymous.send("OPTIONS", "/api/v1/livechat/message", null, preflight);
        check("OPTIONS", "/api/{path}", allowed);
        assertEquals(ALLOWED_ORIGIN, allowed.header("Access-Control-Allow-Origin"));
        check("OPTIONS", "/api/{path}", anonymous.send("OPTIONS", "/api/v1/livechat/message", null,
                Map.of("Origin", "https://elsewhere.example", "Access-Control-Request-Method", "POST")));

        exerciseConsoleFiles();

        ApiClient.Response avatar = anonymous.get("/avatar/oa.chat.agent?size=64");
        check("GET", "/avatar/{username}", avatar);
        check("GET", "/avatar/{username}", anonymous.send("GET", "/avatar/oa.chat.agent", null,
                Map.of("If-Modified-Since", avatar.header("Last-Modified"))));

        check("GET", "/websocket", anonymous.get("/websocket"));
        DdpClient.connected(host.port()).close(); // 101: asserts the upgrade and the DDP handshake
    }

    /** The console's page and files: 200, the redirect, 304 by ETag, 404, and HEAD. */
    private void exerciseConsoleFiles() {
        ApiClient.Response page = anonymous.get("/console");
        check("GET", "/console", page);
        check("GET", "/console", anonymous.get("/console/"));
        check("GET", "/console", anonymous.send("GET", "/console", null, Map.of("If-None-Match", page.header("ETag"))));
        check("HEAD", "/console", head("/console", Map.of()));
        check("HEAD", "/console", head("/console/", Map.of()));
        ApiClient.Response module = anonymous.get("/console/js/main.js");
        check("GET", "/console/{path}", module);
        check("GET", "/console/{path}", anonymous.send("GET", "/console/js/main.js", null,
                Map.of("If-None-Match", module.header("ETag"))));
        check("GET", "/console/{path}", anonymous.get("/console/missing.js"));
        check("HEAD", "/console/{path}", head("/console/console.css", Map.of()));
        check("HEAD", "/console/{path}", head("/console/missing.js", Map.of()));
    }

    private ApiClient.Response head(String path, Map<String, String> headers) {
        return anonymous.send("HEAD", path, null, headers);
    }
}
