package dev.switchboard.core.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.core.error.ApiError;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Parses request bodies strictly: valid UTF-8, one JSON document, nesting at most {@value #MAX_DEPTH} deep, no
 * duplicate keys. An empty body reads as {@code {}} so the route's own checks name what is missing.
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
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null || node.isMissingNode() ? JsonNodeFactory.instance.objectNode() : node;
        } catch (JsonProcessingException e) {
            throw ApiError.meteor("error-invalid-json", "The request body is not valid JSON: "
                    + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            // Jackson reports malformed UTF-8 as a CharConversionException.
            throw ApiError.meteor("error-invalid-json", "The request body is not valid UTF-8 JSON");
        }
    }

    private static String firstLine(String message) {
        String line = message == null ? "malformed" : message.lines().findFirst().orElse("malformed");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
