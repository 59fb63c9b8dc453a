package dev.switchboard.spi;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep, immutable copies of JSON-like values (the metadata of {@link ExternalId} and {@link ExternalIdentity}).
 * Not part of the contract; the rules it enforces are documented on those records.
 */
final class JsonValues {

    private JsonValues() {
    }

    /**
     * Copies a JSON object. Null map values are dropped; null keys are rejected.
     *
     * @param map  the map to copy; null yields an empty map
     * @param path the name of the value, used in exception messages
     * @return an unmodifiable, insertion-ordered deep copy
     * @throws NullPointerException     if a key or a list element is null
     * @throws IllegalArgumentException if a value has an unsupported type
     */
    static Map<String, Object> copyObject(Map<?, ?> map, String path) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object key = e.getKey();
            if (key == null) {
                throw new NullPointerException(path + " has a null key");
            }
            if (!(key instanceof String)) {
                throw new IllegalArgumentException(
                        path + " has a key of type " + key.getClass().getName() + "; keys must be strings");
            }
            if (e.getValue() != null) {
                out.put((String) key, copyValue(e.getValue(), path + "." + key));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Copies one JSON value.
     *
     * @param value a non-null value
     * @param path  the name of the value, used in exception messages
     * @return the value itself when immutable, otherwise an unmodifiable deep copy
     */
    private static Object copyValue(Object value, String path) {
        if (value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(path + " is " + value + ", which JSON cannot represent");
            }
            return value;
        }
        if (value instanceof Map) {
            return copyObject((Map<?, ?>) value, path);
        }
        if (value instanceof List) {
            List<?> list = (List<?>) value;
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                Object element = list.get(i);
                if (element == null) {
                    throw new NullPointerException(path + "[" + i + "] is null; lists must not contain nulls");
                }
                out.add(copyValue(element, path + "[" + i + "]"));
            }
            return Collections.unmodifiableList(out);
        }
        throw new IllegalArgumentException(path + " has unsupported type " + value.getClass().getName()
                + "; use Map, List, String, Boolean or a boxed number / BigInteger / BigDecimal");
    }
}
