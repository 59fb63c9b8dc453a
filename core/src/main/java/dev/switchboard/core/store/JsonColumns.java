package dev.switchboard.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON documents kept in TEXT (SQLite) or JSONB (PostgreSQL) columns. */
final class JsonColumns {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() { };
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT_MAP = new TypeReference<>() { };
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() { };

    private JsonColumns() { }

    static String write(Map<String, ?> value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return encode(value);
    }

    private static String encode(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot encode JSON column", e);
        }
    }

    /** A list kept as a JSON array; null stays null (a field never set). */
    static String writeList(List<String> value) {
        return value == null ? null : encode(value);
    }

    static List<String> readStringList(String json) {
        return json == null ? null : read(json, STRING_LIST);
    }

    static Map<String, String> readStrings(String json) {
        return json == null ? Map.of() : read(json, STRING_MAP);
    }

    static Map<String, Object> readObjects(String json) {
        return json == null ? Map.of() : read(json, OBJECT_MAP);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt JSON column", e);
        }
    }
}
