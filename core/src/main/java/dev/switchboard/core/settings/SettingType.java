package dev.switchboard.core.settings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.error.ApiError;

/**
 * A host setting's type, named as Rocket.Chat names it. Decides which JSON values a setting accepts: Rocket.Chat's
 * {@code saveSettings} checks {@code boolean} with {@code check(value, Boolean)}, {@code int} with
 * {@code check(value, Number)} and every other type with {@code check(value, String)}; a wrong type is its
 * {@code Match error: Expected …, got …}.
 */
public enum SettingType {
    BOOLEAN("boolean"),
    INT("int"),
    STRING("string"),
    /** A CSS colour, kept as the string an admin typed (Rocket.Chat does not check it either). */
    COLOR("color"),
    /** One of the definition's {@link SettingDefinition#values()}. */
    SELECT("select"),
    /** A language code such as {@code pt-BR}, or empty for the browser's language. */
    LANGUAGE("language");

    private final String wireName;

    SettingType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The Java value of {@code value} (Boolean, Integer or String), or Rocket.Chat's Match error. */
    Object read(JsonNode value) {
        switch (this) {
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    throw expected("boolean", value);
                }
                return value.booleanValue();
            }
            case INT -> {
                if (!value.isNumber()) {
                    throw expected("number", value);
                }
                if (!value.canConvertToInt() || value.doubleValue() != Math.rint(value.doubleValue())) {
                    throw ApiError.match("Expected an integer, got " + value);
                }
                return value.intValue();
            }
            default -> {
                if (!value.isTextual()) {
                    throw expected("string", value);
                }
                return value.textValue();
            }
        }
    }

    private static ApiError expected(String type, JsonNode value) {
        return ApiError.match("Expected " + type + ", got " + jsType(value));
    }

    /** What JavaScript's {@code typeof} says of the value, as Meteor's check messages name it. */
    private static String jsType(JsonNode value) {
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
        return "object";
    }
}
