package dev.switchboard.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.error.ApiError;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * Validation in the words of Rocket.Chat's ajv validators ({@code must have required property 'x' [invalid-params]},
 * errorType {@code invalid-params}), and Rocket.Chat's paging query ({@code count}, {@code offset}).
 */
final class Params {
    static final int DEFAULT_COUNT = 50;
    static final int MAX_COUNT = 100;

    /** JavaScript's {@code Date} range, ±8.64e15 ms: Rocket.Chat reads a date beyond it as invalid. */
    private static final long JAVASCRIPT_DATE_LIMIT_MILLIS = 8_640_000_000_000_000L;

    /**
     * Whether {@code instant} is a date JavaScript can hold. Java parses years far beyond it, which then overflow
     * epoch milliseconds; such a date gets the parameter's invalid-date error.
     */
    static boolean isJavaScriptDate(Instant instant) {
        long seconds = instant.getEpochSecond();
        return Math.abs(seconds) <= JAVASCRIPT_DATE_LIMIT_MILLIS / 1000;
    }

    /** {@code value} as an ISO-8601 instant JavaScript can hold, else 400 {@code <name> must be an ISO-8601 date}. */
    static Instant isoDate(String value, String name) {
        try {
            Instant date = Instant.parse(value);
            if (isJavaScriptDate(date)) {
                return date;
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw invalid(name + " must be an ISO-8601 date");
    }

    /** {@code offset} and {@code count} of a paged listing. */
    record Paging(int offset, int count) { }

    private Params() { }

    static ApiError invalid(String message) {
        return ApiError.meteor("invalid-params", message);
    }

    static ApiError missing(String key) {
        return invalid("must have required property '" + key + "'");
    }

    /** A query parameter that must be present (it may be empty). */
    static String requiredQuery(RoutingContext ctx, String name, int maxLength) {
        List<String> values = ctx.queryParam(name);
        if (values.isEmpty()) {
            throw missing(name);
        }
        return checkLength(name, values.get(0), maxLength);
    }

    /** A query parameter, or null when absent. */
    static String optionalQuery(RoutingContext ctx, String name, int maxLength) {
        List<String> values = ctx.queryParam(name);
        return values.isEmpty() ? null : checkLength(name, values.get(0), maxLength);
    }

    static Paging paging(RoutingContext ctx) {
        int offset = integer(ctx, "offset", 0);
        int count = integer(ctx, "count", DEFAULT_COUNT);
        if (offset < 0) {
            throw invalid("offset must be >= 0");
        }
        if (count < 1) {
            throw invalid("count must be >= 1");
        }
        return new Paging(offset, Math.min(count, MAX_COUNT));
    }

    /** The string at {@code key}; missing → {@code must have required property}, another type → {@code must be string}. */
    static String requireString(JsonNode parent, String key, int maxLength) {
        JsonNode value = parent.get(key);
        if (value == null) {
            throw missing(key);
        }
        if (!value.isTextual()) {
            throw invalid(key + " must be string");
        }
        return checkLength(key, value.textValue(), maxLength);
    }

    static String optionalString(JsonNode parent, String key, int maxLength) {
        JsonNode value = parent.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(key + " must be string");
        }
        return checkLength(key, value.textValue(), maxLength);
    }

    static boolean requireBoolean(JsonNode parent, String key) {
        JsonNode value = parent.get(key);
        if (value == null) {
            throw missing(key);
        }
        if (!value.isBoolean()) {
            throw invalid(key + " must be boolean");
        }
        return value.booleanValue();
    }

    /**
     * A body object as Rocket.Chat's ajv validators check one: the {@code required} keys first (ajv reports a missing
     * key before an unknown one), then {@code additionalProperties: false}. The values' types are the caller's.
     */
    static JsonNode keys(JsonNode body, Set<String> required, Set<String> allowed) {
        object(body);
        for (String key : required) {
            if (!body.has(key)) {
                throw missing(key);
            }
        }
        return onlyKeys(body, allowed);
    }

    /** The query as a validator checks it: the {@code required} parameters, then none outside {@code allowed}. */
    static void query(RoutingContext ctx, Set<String> required, Set<String> allowed) {
        for (String name : required) {
            if (ctx.queryParam(name).isEmpty()) {
                throw missing(name);
            }
        }
        for (String name : ctx.queryParams().names()) {
            if (!allowed.contains(name)) {
                throw invalid("must NOT have additional properties");
            }
        }
    }

    /**
     * A boolean query parameter ({@code true} or {@code false}, as ajv reads a query string), or {@code fallback}
     * when absent.
     */
    static boolean booleanQuery(RoutingContext ctx, String name, boolean fallback) {
        String value = optionalQuery(ctx, name, 8);
        if (value == null) {
            return fallback;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw invalid(name + " must be boolean");
        }
        return Boolean.parseBoolean(value);
    }

    /** Rocket.Chat's {@code additionalProperties: false}: any key outside {@code allowed} is refused. */
    static JsonNode onlyKeys(JsonNode body, Set<String> allowed) {
        java.util.Iterator<String> keys = object(body).fieldNames();
        while (keys.hasNext()) {
            if (!allowed.contains(keys.next())) {
                throw invalid("must NOT have additional properties");
            }
        }
        return body;
    }

    static JsonNode object(JsonNode body) {
        if (!body.isObject()) {
            throw invalid("must be object");
        }
        return body;
    }

    /** Query parameter {@code name} as an int (at most 12 characters); {@code fallback} when absent or empty. */
    static int integer(RoutingContext ctx, String name, int fallback) {
        String value = optionalQuery(ctx, name, 12);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw invalid(name + " must be an integer");
        }
    }

    private static String checkLength(String name, String value, int maxLength) {
        if (value.length() > maxLength) {
            throw invalid(name + " must NOT have more than " + maxLength + " characters");
        }
        return value;
    }
}
