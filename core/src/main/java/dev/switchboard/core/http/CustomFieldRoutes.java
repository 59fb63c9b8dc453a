package dev.switchboard.core.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.auth.Permission;
import dev.switchboard.core.customfield.CustomFieldValues;
import dev.switchboard.core.customfield.SafeRegex;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.JdbcCustomFieldStore;
import dev.switchboard.core.visitor.CustomFieldDefinition;
import dev.switchboard.core.visitor.CustomFieldValue;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Custom fields. Admin: {@code custom-fields} (list, {@code view-l-room}), {@code custom-fields/:_id}
 * ({@code view-l-room}), {@code custom-fields.save} and {@code custom-fields.delete} ({@code view-livechat-manager}).
 * Public (by visitor token): {@code custom.field} and {@code custom.fields} (Rocket.Chat §1.9).
 */
final class CustomFieldRoutes {
    private static final Pattern FIELD_NAME = Pattern.compile("^[0-9a-zA-Z_-]+$");
    private static final Set<String> SCOPES = Set.of(CustomFieldDefinition.SCOPE_VISITOR,
            CustomFieldDefinition.SCOPE_ROOM);
    private static final int TEXT = 256;

    private final JdbcCustomFieldStore store;
    private final CustomFieldValues values;
    private final Authenticator auth;

    CustomFieldRoutes(JdbcCustomFieldStore store, CustomFieldValues values, Authenticator auth) {
        this.store = store;
        this.values = values;
        this.auth = auth;
    }

    void mount(Router router, BodyHandler bodies) {
        String base = "/api/v1/livechat/custom-fields";
        router.get(base).handler(auth.require(Permission.VIEW_L_ROOM)).handler(this::list);
        router.get(base + "/:_id").handler(auth.require(Permission.VIEW_L_ROOM)).handler(this::get);
        router.post(base + ".save").handler(bodies).handler(auth.require(Permission.VIEW_LIVECHAT_MANAGER))
                .handler(this::save);
        router.post(base + ".delete").handler(bodies).handler(auth.require(Permission.VIEW_LIVECHAT_MANAGER))
                .handler(this::delete);
        router.post("/api/v1/livechat/custom.field").handler(bodies).handler(this::setOne);
        router.post("/api/v1/livechat/custom.fields").handler(bodies).handler(this::setMany);
    }

    private void list(RoutingContext ctx) {
        Params.Paging paging = Params.paging(ctx);
        String text = Params.optionalQuery(ctx, "text", TEXT);
        AsyncResponder.respond(ctx, store.list(text, paging.offset(), paging.count()), page ->
                Responses.page(ctx, "customFields", page, paging.offset(), CustomFieldRoutes::writeDefinition));
    }

    private void get(RoutingContext ctx) {
        // Rocket.Chat answers an unknown id with {customField: null}.
        AsyncResponder.respond(ctx, store.find(ctx.pathParam("_id")), found -> Responses.ok(ctx, json -> {
            json.writeFieldName("customField");
            if (found.isPresent()) {
                writeDefinition(json, found.get());
            } else {
                json.writeNull();
            }
        }));
    }

    private void save(RoutingContext ctx) {
        JsonNode body = MatchCheck.requireObjectBody(JsonRequests.parse(ctx.body().buffer()));
        String customFieldId = MatchCheck.optionalString(body, "customFieldId", "", InputLimits.CUSTOM_FIELD_KEY);
        JsonNode data = MatchCheck.requireObject(body, "customFieldData", "");
        String path = "customFieldData";
        String field = MatchCheck.requireString(data, "field", path, InputLimits.CUSTOM_FIELD_KEY);
        String label = MatchCheck.requireString(data, "label", path, TEXT);
        String scope = MatchCheck.requireString(data, "scope", path, 16);
        String visibility = MatchCheck.requireString(data, "visibility", path, 16);
        String regexp = MatchCheck.optionalString(data, "regexp", path, SafeRegex.MAX_PATTERN);
        if (!FIELD_NAME.matcher(field).matches()) {
            throw ApiError.meteor("error-invalid-custom-field-name", "Invalid custom field name. Use only letters, "
                    + "numbers, hyphens and underscores.");
        }
        if (!SCOPES.contains(scope)) {
            throw ApiError.meteor("error-invalid-custom-field-scope", "The scope must be visitor or room");
        }
        if (regexp != null && !regexp.isEmpty()) {
            SafeRegex.compile(regexp);
        }
        CustomFieldDefinition definition = new CustomFieldDefinition(field, label, scope, visibility,
                MatchCheck.optionalString(data, "type", path, 32),
                regexp == null || regexp.isEmpty() ? null : regexp,
                MatchCheck.optionalBoolean(data, "required", path, false),
                MatchCheck.optionalBoolean(data, "searchable", path, false),
                MatchCheck.optionalString(data, "defaultValue", path, InputLimits.CUSTOM_FIELD_VALUE),
                MatchCheck.optionalString(data, "options", path, InputLimits.CUSTOM_FIELD_VALUE),
                MatchCheck.optionalBoolean(data, "public", path, false), null);
        String existing = customFieldId == null || customFieldId.isEmpty() ? null : customFieldId;
        AsyncResponder.respond(ctx, store.save(existing, definition), saved -> {
            Audit.changed(ctx, existing == null ? "custom field created" : "custom field changed", saved.id());
            Responses.ok(ctx, json -> {
                json.writeFieldName("customField");
                writeDefinition(json, saved);
            });
        });
    }

    private void delete(RoutingContext ctx) {
        JsonNode body = MatchCheck.requireObjectBody(JsonRequests.parse(ctx.body().buffer()));
        String id = MatchCheck.requireString(body, "customFieldId", "", InputLimits.CUSTOM_FIELD_KEY);
        AsyncResponder.respond(ctx, store.delete(id), deleted -> {
            if (!deleted) {
                throw ApiError.meteor("error-invalid-custom-field", "Custom field not found");
            }
            Audit.changed(ctx, "custom field removed", id);
            Responses.ok(ctx, json -> { });
        });
    }

    private void setOne(RoutingContext ctx) {
        JsonNode body = Params.object(JsonRequests.parse(ctx.body().buffer()));
        String token = Params.requireString(body, "token", InputLimits.TOKEN);
        CustomFieldValue field = item(body);
        AsyncResponder.respond(ctx, values.setOne(token, field), sent -> Responses.ok(ctx, json -> {
            json.writeObjectFieldStart("field");
            json.writeStringField("key", sent.key());
            json.writeStringField("value", sent.value());
            json.writeBooleanField("overwrite", sent.overwrite());
            json.writeEndObject();
        }));
    }

    private void setMany(RoutingContext ctx) {
        JsonNode body = Params.object(JsonRequests.parse(ctx.body().buffer()));
        String token = Params.requireString(body, "token", InputLimits.TOKEN);
        JsonNode items = body.get("customFields");
        if (items == null) {
            throw Params.missing("customFields");
        }
        if (!items.isArray()) {
            throw Params.invalid("customFields must be array");
        }
        if (items.isEmpty()) {
            throw Params.invalid("customFields must NOT have fewer than 1 items");
        }
        if (items.size() > InputLimits.CUSTOM_FIELDS) {
            throw Params.invalid("customFields must NOT have more than " + InputLimits.CUSTOM_FIELDS + " items");
        }
        List<CustomFieldValue> fields = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            fields.add(item(Params.object(item)));
        }
        AsyncResponder.respond(ctx, values.setMany(token, fields), sent -> Responses.ok(ctx, json -> {
            json.writeArrayFieldStart("fields");
            for (CustomFieldValue field : sent) {
                json.writeStartObject();
                json.writeStringField("Key", field.key()); // capital K, as Rocket.Chat sends
                json.writeStringField("value", field.value());
                json.writeBooleanField("overwrite", field.overwrite());
                json.writeEndObject();
            }
            json.writeEndArray();
        }));
    }

    private static CustomFieldValue item(JsonNode node) {
        return new CustomFieldValue(
                Params.requireString(node, "key", InputLimits.CUSTOM_FIELD_KEY),
                Params.requireString(node, "value", InputLimits.CUSTOM_FIELD_VALUE),
                Params.requireBoolean(node, "overwrite"));
    }

    private static void writeDefinition(JsonGenerator json, CustomFieldDefinition field) throws IOException {
        json.writeStartObject();
        json.writeStringField("_id", field.id());
        json.writeStringField("label", field.label());
        json.writeStringField("scope", field.scope());
        json.writeStringField("visibility", field.visibility());
        writeIfPresent(json, "type", field.type());
        json.writeStringField("regexp", field.regexp() == null ? "" : field.regexp());
        json.writeBooleanField("required", field.required());
        json.writeBooleanField("searchable", field.searchable());
        writeIfPresent(json, "defaultValue", field.defaultValue());
        writeIfPresent(json, "options", field.options());
        json.writeBooleanField("public", field.isPublic());
        json.writeStringField("_updatedAt", VisitorJson.time(field.updatedAt()));
        json.writeEndObject();
    }

    private static void writeIfPresent(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }
}
