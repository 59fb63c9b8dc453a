package dev.switchboard.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.error.ApiError;

/**
 * Shape checks in the words of Meteor's {@code check()}, which Rocket.Chat clients see:
 * {@code Match error: Missing key 'token' in field visitor}, {@code Expected string, got number in field
 * visitor.name}.
 */
public final class MatchCheck {
    private MatchCheck() { }

    /** The object at {@code key} of {@code parent}; {@code path} names the parent ("" at the top). */
    public static JsonNode requireObject(JsonNode parent, String key, String path) {
        JsonNode value = require(parent, key, path);
        if (!value.isObject()) {
            throw ApiError.match("Expected object, got " + typeOf(value) + " in field " + join(path, key));
        }
        return value;
    }

    /** The string at {@code key}; missing, null or another type is a match error. */
    public static String requireString(JsonNode parent, String key, String path, int maxLength) {
        JsonNode value = require(parent, key, path);
        return string(value, join(path, key), maxLength);
    }

    /** The string at {@code key}, or null when absent or null. */
    public static String optionalString(JsonNode parent, String key, String path, int maxLength) {
        JsonNode value = parent.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        return string(value, join(path, key), maxLength);
    }

    /** The boolean at {@code key}, or {@code fallback} when absent or null. */
    public static boolean optionalBoolean(JsonNode parent, String key, String path, boolean fallback) {
        JsonNode value = parent.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw ApiError.match("Expected boolean, got " + typeOf(value) + " in field " + join(path, key));
        }
        return value.booleanValue();
    }

    /** The boolean at {@code key}; it must be present. */
    public static boolean requireBoolean(JsonNode parent, String key, String path) {
        require(parent, key, path);
        return optionalBoolean(parent, key, path, false);
    }

    /** The top level must be an object. */
    public static JsonNode requireObjectBody(JsonNode body) {
        if (!body.isObject()) {
            throw ApiError.match("Expected object, got " + typeOf(body));
        }
        return body;
    }

    private static JsonNode require(JsonNode parent, String key, String path) {
        JsonNode value = parent.get(key);
        if (value == null) {
            throw ApiError.match("Missing key '" + key + "'" + (path.isEmpty() ? "" : " in field " + path));
        }
        return value;
    }

    private static String string(JsonNode value, String field, int maxLength) {
        if (!value.isTextual()) {
            throw ApiError.match("Expected string, got " + typeOf(value) + " in field " + field);
        }
        String text = value.textValue();
        if (text.length() > maxLength) {
            throw ApiError.meteor("error-invalid-params",
                    field + " is too long (at most " + maxLength + " characters)");
        }
        return text;
    }

    /** JavaScript's {@code typeof}, which Meteor's messages use, except that arrays are called arrays. */
    static String typeOf(JsonNode value) {
        if (value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return "string";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        return value.isArray() ? "array" : "object";
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
