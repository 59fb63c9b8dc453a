package dev.switchboard.core.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Streams JSON straight to bytes: responses are built field by field, in Rocket.Chat's order. */
public final class JsonWriter {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Writes fields into an object that is already open. */
    @FunctionalInterface
    public interface Fields {
        void write(JsonGenerator generator) throws IOException;
    }

    private JsonWriter() { }

    /** {@code {<fields>}} as UTF-8 bytes. */
    public static byte[] object(Fields fields) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(512)) {
            try (JsonGenerator generator = FACTORY.createGenerator(bytes, JsonEncoding.UTF8)) {
                generator.writeStartObject();
                fields.write(generator);
                generator.writeEndObject();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One JSON value, opened and closed by {@code value} itself, as a string (e.g. a websocket text frame). */
    public static String string(Fields value) {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            value.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** Writes any JSON-like value (Map, List, String, Number, Boolean, null). */
    public static void value(JsonGenerator generator, Object value) throws IOException {
        if (value instanceof java.util.Map<?, ?> map) {
            generator.writeStartObject();
            for (var entry : map.entrySet()) {
                generator.writeFieldName(String.valueOf(entry.getKey()));
                value(generator, entry.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof Iterable<?> items) {
            generator.writeStartArray();
            for (Object item : items) {
                value(generator, item);
            }
            generator.writeEndArray();
        } else {
            generator.writeObject(value);
        }
    }
}
