package dev.switchboard.spi;

import java.util.Map;

/**
 * The host's JSON parser and writer, so plugins never bundle a JSON library (a bundled Jackson would clash
 * with the host's). Values use plain Java types:
 * <ul>
 *   <li>object: {@code Map<String, Object>} keeping member order;</li>
 *   <li>array: {@code List<Object>};</li>
 *   <li>string: {@code String}; true/false: {@code Boolean}; null: {@code null};</li>
 *   <li>number: a {@link Number} whose class depends on the value (integers as {@code Integer}, {@code Long} or
 *       {@code BigInteger}, decimals as {@code Double} or {@code BigDecimal}); use {@code Number}'s methods
 *       rather than casting to a specific class.</li>
 * </ul>
 * The implementation is thread-safe.
 */
public interface JsonCodec {

    /**
     * Parses one JSON document (UTF-8).
     *
     * @param json the document; not null
     * @return a {@code Map}, {@code List}, {@code String}, {@code Number}, {@code Boolean}, or null for the
     *         literal {@code null}; collections are mutable and owned by the caller
     * @throws JsonException if the input is not a single well-formed JSON value
     */
    Object parse(byte[] json);

    /**
     * Parses a JSON document that must be an object.
     *
     * @param json the document; not null
     * @return the object's members
     * @throws JsonException if the input is malformed or not an object
     */
    @SuppressWarnings("unchecked")
    default Map<String, Object> parseObject(byte[] json) {
        Object value = parse(json);
        if (!(value instanceof Map)) {
            throw new JsonException("expected a JSON object but got "
                    + (value == null ? "null" : value.getClass().getSimpleName()), null);
        }
        return (Map<String, Object>) value;
    }

    /**
     * Tells whether a document is one well-formed JSON object, without building it: cheaper than
     * {@link #parseObject(byte[])} when only the check matters, as for an endpoint that stores a body and parses it
     * later.
     *
     * @param json the document; not null
     * @return true exactly when {@link #parseObject(byte[])} would return a map for it
     * @since 1.2.0
     */
    default boolean isObject(byte[] json) {
        try {
            parseObject(json);
            return true;
        } catch (JsonException e) {
            return false;
        }
    }

    /**
     * Writes a value as compact UTF-8 JSON. Accepts the types {@link #parse(byte[])} returns (any {@code Map}
     * with {@code String} keys and any {@code List}), nested to any depth.
     *
     * @param value the value; null writes {@code null}
     * @return the JSON bytes
     * @throws JsonException if the value holds an unsupported type, a non-string map key, or a non-finite number
     */
    byte[] write(Object value);

    /** Thrown for malformed JSON input or a value that cannot be written as JSON. */
    class JsonException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message what is wrong, for example with the position of a syntax error
         * @param cause   the underlying parser error, or null
         */
        public JsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
