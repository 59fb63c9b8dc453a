package dev.switchboard.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.switchboard.spi.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JacksonJsonCodecTest {
    private final JacksonJsonCodec codec = JacksonJsonCodec.INSTANCE;

    @ParameterizedTest
    @ValueSource(strings = {"{}", " {\"a\":[1,2.5e3,{\"b\":null}],\"c\":\"x\\u00e9\\n\",\"d\":true} \n",
            "{\"a\":1,\"a\":2}", "{\"é\":\"ü\"}"})
    void wellFormedObjectsAreObjects(String json) {
        assertTrue(codec.isObject(utf8(json)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "[]", "\"s\"", "null", "1", "{\"a\":1} {\"b\":2}", "{\"a\":1}]", "{\"a\":1,}",
            "{\"a\":", "{\"a\":01}", "{\"a\":tru}", "{a:1}", "{\"a\":\"\\q\"}", "{\"a\":\"x\ty\"}", "{'a':1}"})
    void anythingElseIsNot(String json) {
        assertFalse(codec.isObject(utf8(json)));
    }

    /** The cheap check must never disagree with parsing: an endpoint that checks must not store what fails later. */
    @ParameterizedTest
    @MethodSource("documents")
    void agreesWithParseObject(byte[] json) {
        assertEquals(parsesAsObject(json), codec.isObject(json));
    }

    static Stream<byte[]> documents() {
        return Stream.of(
                utf8("{\"a\":\"caf\u00e9\"}"),
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'},          // not UTF-8
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, '"', '}'},          // truncated sequence
                new byte[] {'{', '"', (byte) 0xe2, (byte) 0x82, '"', ':', '1', '}'},       // in a field name
                utf8("{\"a\":" + "[".repeat(63) + "]".repeat(63) + "}"),                   // 64 levels deep
                utf8("{\"a\":" + "[".repeat(64) + "]".repeat(64) + "}"),                   // beyond the limit
                utf8("{\"n\":123456789012345678901234567890,\"m\":-0.0e-5}"),
                utf8("{\"a\":1}\u0000"));
    }

    /** Skipping a string does not check its length; parsing does, so the two must still agree. */
    @Test
    void aStringLongerThanParsingAllowsIsNotAnObject() {
        int tooLong = StreamReadConstraints.DEFAULT_MAX_STRING_LEN + 1;
        byte[] json = utf8("{\"a\":\"" + "x".repeat(tooLong) + "\"}");
        assertFalse(parsesAsObject(json));
        assertFalse(codec.isObject(json));
    }

    private boolean parsesAsObject(byte[] json) {
        try {
            codec.parseObject(json);
            return true;
        } catch (JsonCodec.JsonException e) {
            return false;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
