package dev.switchboard.spi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request the host routes to an {@link AppEndpoint}.
 *
 * <p><b>Immutability and cost.</b> The constructor deep-copies the maps and clones {@code body}, and
 * {@link #body()} returns a fresh clone on every call, so neither the host nor an app can change a request
 * another party holds. Each {@code body()} call therefore copies the whole body (at most the host's body
 * limit); call it once and keep the array, or use {@link #bodyAsString()} / {@link #bodyLength()}, which do
 * not copy. {@code equals} and {@code hashCode} compare the body's contents.
 *
 * @param method  the HTTP method, upper case (normalised by the constructor), for example {@code POST}
 * @param path    the request path relative to {@code /api/apps/public/{appId}/}, without a leading slash and
 *                without the query string, for example {@code webhook} or {@code webhook/status}; not decoded
 * @param query   query parameters in request order; a name given several times has several values
 * @param headers request headers; <b>names are lower case</b> (the host sends them so, and the constructor
 *                lower-cases and merges any others), values in request order
 * @param body    the raw request body; empty (never null) when there is none
 */
public record AppRequest(
        String method,
        String path,
        Map<String, List<String>> query,
        Map<String, List<String>> headers,
        byte[] body) {

    /**
     * Validates and copies the components.
     *
     * @param method the method component
     * @param path the path component
     * @param query the query component
     * @param headers the headers component
     * @param body the body component
     * @throws NullPointerException     if {@code method} or {@code path} is null, or a map holds a null key,
     *                                  value list or value
     * @throws IllegalArgumentException if {@code method} is blank
     */
    public AppRequest {
        method = Checks.requireNonBlank(method, "method").toUpperCase(Locale.ROOT);
        Objects.requireNonNull(path, "path must not be null");
        query = copyMultiMap(query, false);
        headers = copyMultiMap(headers, true);
        body = body == null ? new byte[0] : body.clone();
    }

    /**
     * Returns a copy of the body; see the class documentation for the cost.
     *
     * @return a new array with the body's bytes
     */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /**
     * Returns the body's length without copying it.
     *
     * @return the number of body bytes
     */
    public int bodyLength() {
        return body.length;
    }

    /**
     * Decodes the body as UTF-8 (malformed input is replaced, not rejected).
     *
     * @return the body as a string; empty when there is no body
     */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Returns the first value of a header.
     *
     * @param name the header name, matched case-insensitively
     * @return the first value, or empty if the header is absent
     */
    public Optional<String> header(String name) {
        return first(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * Returns the first value of a query parameter.
     *
     * @param name the parameter name, matched case-sensitively
     * @return the first value, or empty if the parameter is absent
     */
    public Optional<String> queryParam(String name) {
        return first(query.get(name));
    }

    /**
     * Compares method, path, query, headers and body contents.
     *
     * @param o the object to compare with
     * @return true if {@code o} is an equal request
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof AppRequest r
                && method.equals(r.method) && path.equals(r.path)
                && query.equals(r.query) && headers.equals(r.headers)
                && Arrays.equals(body, r.body);
    }

    /**
     * Hashes the same components {@link #equals(Object)} compares.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(method, path, query, headers, Arrays.hashCode(body));
    }

    /**
     * Describes the request without the body's bytes (bodies may hold personal data).
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "AppRequest[method=" + method + ", path=" + path + ", query=" + query.keySet()
                + ", headers=" + headers.keySet() + ", body=" + body.length + " bytes]";
    }

    private static Optional<String> first(List<String> values) {
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Copies a multi-map immutably, merging keys that become equal; shared with {@link HttpCall}. */
    static Map<String, List<String>> copyMultiMap(Map<String, List<String>> map, boolean lowerCaseKeys) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> merged = new LinkedHashMap<>();
        map.forEach((key, values) -> {
            Objects.requireNonNull(key, "null key");
            Objects.requireNonNull(values, () -> "null value list for " + key);
            String k = lowerCaseKeys ? key.toLowerCase(Locale.ROOT) : key;
            merged.computeIfAbsent(k, x -> new ArrayList<>()).addAll(values);
        });
        Map<String, List<String>> out = new LinkedHashMap<>();
        merged.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }
}
