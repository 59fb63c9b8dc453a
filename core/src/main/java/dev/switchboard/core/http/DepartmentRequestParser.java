package dev.switchboard.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.department.AgentAssignment;
import dev.switchboard.core.department.Department;
import dev.switchboard.core.error.ApiError;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of POST and PUT {@code livechat/department}, checked as Rocket.Chat's route and
 * {@code saveDepartment} check it: {@code {department: Object, agents: Match.Maybe(Array)}}, then the department's
 * typed fields, then any other field as a string, an integer or a boolean; then the closing-tags rule; then each
 * agent's {@code agentId}. Everything is checked before anything is written.
 */
final class DepartmentRequestParser {
    static final int DESCRIPTION = 4096;
    static final int LIST_ITEMS = 100;
    static final int EXTRA_FIELDS = 50;
    static final int AGENTS = 500;
    /** Fields the host computes; a client that sends a department back as it read it has them ignored. */
    private static final Set<String> COMPUTED = Set.of("_id", "_updatedAt", "numAgents");
    private static final List<String> REQUIRED =
            List.of("enabled", "name", "showOnRegistration", "email", "showOnOfflineForm");
    private static final String ONE_OF = "Failed Match.OneOf, Match.Maybe or Match.Optional validation";

    /** A checked request: the department (optional fields null when left out) and the agents to add. */
    record Request(Department department, List<AgentAssignment> agents) { }

    /** A checked {@code department/:_id/agents} body: the agents to remove, then the ones to add or update. */
    record AgentChanges(List<String> remove, List<AgentAssignment> upsert) { }

    /** {@code department.autocomplete}'s {@code selector}: a name prefix and department ids to leave out. */
    record Selector(String term, List<String> exceptions) { }

    private DepartmentRequestParser() { }

    static Request parse(Buffer body, String id, Instant now) {
        JsonNode root = MatchCheck.requireObjectBody(JsonRequests.parse(body));
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals("department") && !key.equals("agents")) {
                throw ApiError.match("Unknown key '" + key + "'");
            }
        }
        JsonNode fields = MatchCheck.requireObject(root, "department", "");
        List<AgentAssignment> agents = agentList(root.get("agents"), "agents", "upsert");
        Department department = department(fields, id, now);
        if (Boolean.TRUE.equals(department.requestTagBeforeClosingChat())
                && (department.chatClosingTags() == null || department.chatClosingTags().isEmpty())) {
            throw ApiError.meteor("error-validating-department-chat-closing-tags",
                    "At least one closing tag is required when the department requires tag(s) on closing "
                            + "conversations.");
        }
        return new Request(department, agents);
    }

    private static Department department(JsonNode fields, String id, Instant now) {
        Map<String, Object> extras = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            checkType(field.getKey(), field.getValue(), extras);
        }
        for (String key : REQUIRED) {
            if (!fields.has(key)) {
                throw ApiError.match("Missing key '" + key + "'");
            }
        }
        String name = fields.get("name").textValue();
        if (name.isBlank()) {
            throw ApiError.meteor("error-invalid-department-name", "The department name must not be empty");
        }
        return new Department(id, name, fields.get("enabled").booleanValue(), text(fields, "description"),
                fields.get("showOnRegistration").booleanValue(), fields.get("showOnOfflineForm").booleanValue(),
                fields.get("email").textValue(), bool(fields, "requestTagBeforeClosingChat"),
                strings(fields, "chatClosingTags"), text(fields, "fallbackForwardDepartment"),
                strings(fields, "departmentsAllowedToForward"), bool(fields, "allowReceiveForwardOffline"),
                extras, 0, now);
    }

    /** Rocket.Chat's {@code defaultValidations}; any other field goes to {@code extras} when its type fits. */
    private static void checkType(String key, JsonNode value, Map<String, Object> extras) {
        switch (key) {
            case "enabled", "showOnRegistration", "showOnOfflineForm", "requestTagBeforeClosingChat",
                    "allowReceiveForwardOffline" -> {
                if (!value.isBoolean()) {
                    throw expected("boolean", value, key);
                }
            }
            case "name" -> string(value, key, InputLimits.DEPARTMENT);
            case "email" -> string(value, key, InputLimits.EMAIL);
            case "description" -> string(value, key, DESCRIPTION);
            case "fallbackForwardDepartment" -> string(value, key, InputLimits.TOKEN);
            case "chatClosingTags", "departmentsAllowedToForward" -> stringArray(value, key);
            default -> extra(key, value, extras);
        }
    }

    private static void extra(String key, JsonNode value, Map<String, Object> extras) {
        if (COMPUTED.contains(key)) {
            return;
        }
        if (value.isTextual()) {
            string(value, key, DESCRIPTION);
            extras.put(key, value.textValue());
        } else if (value.isBoolean()) {
            extras.put(key, value.booleanValue());
        } else if (value.isInt()) { // Match.Integer: a 32-bit integer
            extras.put(key, value.intValue());
        } else {
            throw ApiError.match(ONE_OF + " in field " + key);
        }
        if (extras.size() > EXTRA_FIELDS || key.length() > InputLimits.CUSTOM_FIELD_KEY) {
            throw ApiError.meteor("error-invalid-params",
                    "department takes at most " + EXTRA_FIELDS + " other fields, with names of at most "
                            + InputLimits.CUSTOM_FIELD_KEY + " characters");
        }
    }

    private static void string(JsonNode value, String key, int maxLength) {
        if (!value.isTextual()) {
            throw expected("string", value, key);
        }
        if (value.textValue().length() > maxLength) {
            throw ApiError.meteor("error-invalid-params", key + " is too long (at most " + maxLength + " characters)");
        }
    }

    private static void stringArray(JsonNode value, String key) {
        if (!value.isArray()) {
            throw ApiError.match("Expected array, got " + MatchCheck.typeOf(value) + " in field " + key);
        }
        if (value.size() > LIST_ITEMS) {
            throw ApiError.meteor("error-invalid-params", key + " takes at most " + LIST_ITEMS + " items");
        }
        for (int i = 0; i < value.size(); i++) {
            string(value.get(i), key + "[" + i + "]", InputLimits.DEPARTMENT);
        }
    }

    /**
     * The body of POST {@code department/:_id/agents}, checked as Rocket.Chat checks it: the route's
     * {@code ObjectIncluding({upsert: Array, remove: Array})}, then {@code updateDepartmentAgents}'
     * {@code {upsert: Maybe([item]), remove: Maybe([item])}}, which refuses other keys.
     */
    static AgentChanges agentChanges(Buffer body) {
        JsonNode root = MatchCheck.requireObjectBody(JsonRequests.parse(body));
        for (String key : List.of("upsert", "remove")) {
            JsonNode value = root.get(key);
            if (value == null) {
                throw ApiError.match("Missing key '" + key + "'");
            }
            if (!value.isArray()) {
                throw ApiError.match("Expected array, got " + MatchCheck.typeOf(value) + " in field " + key);
            }
        }
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals("upsert") && !key.equals("remove")) {
                throw ApiError.match("Unknown key '" + key + "'");
            }
        }
        List<AgentAssignment> upsert = agentList(root.get("upsert"), "upsert", "upsert");
        List<String> remove = agentList(root.get("remove"), "remove", "remove").stream()
                .map(AgentAssignment::agentId).toList();
        return new AgentChanges(remove, upsert);
    }

    /**
     * {@code department.autocomplete}'s {@code selector}, the JSON {@code {term, exceptions?, conditions?}}. The term
     * is trimmed, as Rocket.Chat trims its pattern. {@code conditions} is a MongoDB filter in Rocket.Chat; only an
     * empty one is taken here, as the host has no such filters.
     */
    static Selector selector(String raw) {
        JsonNode selector;
        try {
            selector = JsonRequests.parse(raw.getBytes(StandardCharsets.UTF_8));
        } catch (ApiError e) {
            throw Params.invalid("selector must be a JSON object");
        }
        Params.object(selector);
        String term = Params.requireString(selector, "term", InputLimits.DEPARTMENT).trim();
        JsonNode conditions = selector.get("conditions");
        if (conditions != null && !(conditions.isObject() && conditions.isEmpty())) {
            throw Params.invalid("selector.conditions is not supported");
        }
        JsonNode exceptions = selector.get("exceptions");
        if (exceptions == null || exceptions.isNull()) {
            return new Selector(term, List.of());
        }
        if (!exceptions.isArray() || exceptions.size() > LIST_ITEMS) {
            throw Params.invalid("selector.exceptions must be an array of at most " + LIST_ITEMS + " ids");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode id : exceptions) {
            if (!id.isTextual()) {
                throw Params.invalid("selector.exceptions must be an array of strings");
            }
            ids.add(id.textValue());
        }
        return new Selector(term, ids);
    }

    /**
     * Rocket.Chat passes a save's {@code agents} on as {@code {upsert: agents}}; {@code updateDepartmentAgents}
     * checks each item of {@code upsert} and {@code remove} with {@code ObjectIncluding({agentId: String,
     * username: Match.Maybe(String), count: Match.Maybe(Match.Integer), order: …})} ({@code path} names them).
     */
    private static List<AgentAssignment> agentList(JsonNode agents, String field, String path) {
        if (agents == null || agents.isNull()) {
            return List.of();
        }
        if (!agents.isArray()) {
            throw ApiError.match("Expected array, got " + MatchCheck.typeOf(agents) + " in field " + field);
        }
        if (agents.size() > AGENTS) {
            throw ApiError.meteor("error-invalid-params", field + " takes at most " + AGENTS + " items");
        }
        List<AgentAssignment> list = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) {
            String itemPath = path + "[" + i + "]";
            JsonNode item = agents.get(i);
            if (!item.isObject()) {
                throw ApiError.match("Expected object, got " + MatchCheck.typeOf(item) + " in field " + itemPath);
            }
            String agentId = MatchCheck.requireString(item, "agentId", itemPath, InputLimits.TOKEN);
            JsonNode username = item.get("username");
            if (username != null && !username.isNull() && !username.isTextual()) {
                throw ApiError.match(ONE_OF + " in field " + MatchCheck.join(itemPath, "username"));
            }
            list.add(new AgentAssignment(agentId, integer(item, "count", itemPath),
                    integer(item, "order", itemPath)));
        }
        return list;
    }

    private static long integer(JsonNode item, String key, String path) {
        JsonNode value = item.get(key);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isInt()) {
            throw ApiError.match(ONE_OF + " in field " + MatchCheck.join(path, key));
        }
        return value.intValue();
    }

    private static ApiError expected(String type, JsonNode value, String key) {
        return ApiError.match("Expected " + type + ", got " + MatchCheck.typeOf(value) + " in field " + key);
    }

    private static String text(JsonNode fields, String key) {
        JsonNode value = fields.get(key);
        return value == null ? null : value.textValue();
    }

    private static Boolean bool(JsonNode fields, String key) {
        JsonNode value = fields.get(key);
        return value == null ? null : value.booleanValue();
    }

    private static List<String> strings(JsonNode fields, String key) {
        JsonNode value = fields.get(key);
        if (value == null) {
            return null;
        }
        List<String> items = new ArrayList<>(value.size());
        value.forEach(item -> items.add(item.textValue()));
        return List.copyOf(items);
    }
}
