package dev.switchboard.core.plugin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.spi.JsonCodec;
import java.io.IOException;

/** The host's JSON for plugins, so no plugin bundles a JSON library of its own. */
public final class JacksonJsonCodec implements JsonCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A string in a document of at most this many bytes is never too long for the parser. */
    private static final int MAX_STRING_LENGTH = MAPPER.getFactory().streamReadConstraints().getMaxStringLength();

    /** The codec; stateless and thread-safe. */
    public static final JacksonJsonCodec INSTANCE = new JacksonJsonCodec();

    @Override
    public Object parse(byte[] json) {
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException processing ? processing.getOriginalMessage()
                    : "not valid UTF-8";
            throw new JsonException("malformed JSON: " + detail, e);
        }
    }

    /**
     * Reads the tokens without building any value: no maps, lists or strings. Skipping a string does not check
     * the longest string parsing allows, so a document that could hold one is parsed instead.
     */
    @Override
    public boolean isObject(byte[] json) {
        if (json.length > MAX_STRING_LENGTH) {
            return JsonCodec.super.isObject(json);
        }
        try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new JsonException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
