package dev.switchboard.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.visitor.CustomFieldValue;
import dev.switchboard.core.visitor.Emails;
import dev.switchboard.core.visitor.RegistrationRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code POST /api/v1/livechat/visitor}'s body: {@code {visitor:{token, name?, email?, department?, phone?,
 * username?, customFields?}}}. Other keys ({@code externalIds}, {@code status}, {@code livechatData}, ...) are
 * ignored, as Rocket.Chat ignores them. Empty strings count as absent, as Rocket.Chat's truthiness checks do.
 */
final class VisitorRegistrationParser {
    private VisitorRegistrationParser() { }

    static RegistrationRequest parse(JsonNode body) {
        JsonNode visitor = MatchCheck.requireObject(MatchCheck.requireObjectBody(body), "visitor", "");
        String token = MatchCheck.requireString(visitor, "token", "visitor", InputLimits.TOKEN);
        if (isBlankInJavaScript(token)) {
            throw ApiError.meteor("error-invalid-token", "Token cannot be empty");
        }
        return new RegistrationRequest(
                token,
                emptyToNull(MatchCheck.optionalString(visitor, "name", "visitor", InputLimits.NAME)),
                Emails.normalize(MatchCheck.optionalString(visitor, "email", "visitor", InputLimits.EMAIL)),
                emptyToNull(MatchCheck.optionalString(visitor, "phone", "visitor", InputLimits.PHONE)),
                emptyToNull(MatchCheck.optionalString(visitor, "department", "visitor", InputLimits.DEPARTMENT)),
                emptyToNull(MatchCheck.optionalString(visitor, "username", "visitor", InputLimits.USERNAME)),
                customFields(visitor.get("customFields")));
    }

    private static List<CustomFieldValue> customFields(JsonNode items) {
        if (items == null || items.isNull()) {
            return List.of();
        }
        if (!items.isArray()) {
            throw ApiError.match("Expected array, got " + MatchCheck.typeOf(items) + " in field visitor.customFields");
        }
        if (items.size() > InputLimits.CUSTOM_FIELDS) {
            throw ApiError.meteor("error-invalid-params",
                    "visitor.customFields has more than " + InputLimits.CUSTOM_FIELDS + " items");
        }
        List<CustomFieldValue> fields = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String path = "visitor.customFields[" + i + "]";
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                throw ApiError.match("Expected object, got " + MatchCheck.typeOf(item) + " in field " + path);
            }
            fields.add(new CustomFieldValue(
                    MatchCheck.requireString(item, "key", path, InputLimits.CUSTOM_FIELD_KEY),
                    MatchCheck.requireString(item, "value", path, InputLimits.CUSTOM_FIELD_VALUE),
                    // Rocket.Chat 8.x: overwrite is optional and defaults to false.
                    MatchCheck.optionalBoolean(item, "overwrite", path, false)));
        }
        return fields;
    }

    /** Rocket.Chat checks {@code !token.trim()}; JavaScript's trim also removes no-break spaces and the BOM. */
    static boolean isBlankInJavaScript(String value) {
        return value.chars().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF');
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
