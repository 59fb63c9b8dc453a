package dev.switchboard.core.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.core.error.ApiError;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Parses request bodies strictly: well-formed UTF-8 (Jackson's decoder lets overlong forms, encoded surrogates and
 * code points past U+10FFFF through), one JSON document, nesting at most {@value #MAX_DEPTH} deep, no duplicate
 * keys, and no key or string with a NUL or a lone surrogate escape ({@link TextRules}). An empty body reads as
 * {@code {}} so the route's own checks name what is missing.
 */
public final class JsonRequests {
    /** Deepest nesting accepted; real payloads need a handful of levels. */
    public static final int MAX_DEPTH = 32;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

    private JsonRequests() { }

    public static JsonNode parse(Buffer body) {
        if (body == null || body.length() == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        return parse(body.getBytes());
    }

    public static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!TextRules.isWellFormedUtf8(body)) {
            throw notUtf8();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalidJson(e);
        } catch (IOException e) {
            // Jackson reports malformed UTF-8 as a CharConversionException.
            throw notUtf8();
        }
        if (node == null || node.isMissingNode()) {
            return JsonNodeFactory.instance.objectNode();
        }
        requireCleanText(node);
        return node;
    }

    /**
     * Jackson's own words for a syntax error; for what its messages explain in terms of its Java API (a limit of
     * {@code StreamReadConstraints}, a second value bound to {@code JsonNode}), ours.
     */
    private static ApiError invalidJson(JsonProcessingException e) {
        String reason;
        if (e instanceof StreamConstraintsException limit) {
            reason = String.valueOf(limit.getOriginalMessage()).contains("nesting depth")
                    ? "it nests deeper than " + MAX_DEPTH + " levels"
                    : "it holds a number, name or string longer than allowed";
        } else if (e instanceof MismatchedInputException) {
            reason = "it holds more than one JSON value";
        } else {
            reason = firstLine(e.getOriginalMessage());
        }
        return ApiError.meteor("error-invalid-json", "The request body is not valid JSON: " + reason);
    }

    private static ApiError notUtf8() {
        return ApiError.meteor("error-invalid-json", "The request body is not valid UTF-8 JSON");
    }

    /** Every key and string in {@code root}, checked without recursion (the depth is bounded anyway). */
    private static void requireCleanText(JsonNode root) {
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isTextual() && !TextRules.isClean(node.textValue())) {
                throw TextRules.invalid("Every string in the request body");
            }
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    if (!TextRules.isClean(field.getKey())) {
                        throw TextRules.invalid("Every key in the request body");
                    }
                    pending.push(field.getValue());
                }
            } else if (node.isArray()) {
                node.forEach(pending::push);
            }
        }
    }

    private static String firstLine(String message) {
        String line = message == null ? "malformed" : message.lines().findFirst().orElse("malformed");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
