package dev.switchboard.spi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The response an {@link AppEndpoint} returns; the host writes it to the client.
 *
 * <p>Header names are lower-cased by the constructor (HTTP header names are case-insensitive), so two names
 * differing only in case are rejected. The host may add or override transport headers such as
 * {@code content-length}. The constructor clones {@code body} and {@link #body()} returns a clone, so a response
 * never changes after it is built; {@code equals} and {@code hashCode} compare the body's contents.
 *
 * @param status  the HTTP status code, 100 to 599
 * @param headers response headers, names lower case, no null names or values
 * @param body    the response body; empty (never null) when there is none
 */
public record AppResponse(int status, Map<String, String> headers, byte[] body) {

    /**
     * Validates and copies the components.
     *
     * @param status the status component
     * @param headers the headers component
     * @param body the body component
     * @throws IllegalArgumentException if {@code status} is out of range, a header name is blank, or two header
     *                                  names differ only in case
     * @throws NullPointerException     if a header name or value is null
     */
    public AppResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status " + status + " is not an HTTP status code (100-599)");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> {
                String key = Checks.requireNonBlank(name, "header name").toLowerCase(Locale.ROOT);
                Objects.requireNonNull(value, () -> "value of header " + name + " must not be null");
                if (copy.put(key, value) != null) {
                    throw new IllegalArgumentException("header " + key + " is given twice (names are case-insensitive)");
                }
            });
        }
        headers = Collections.unmodifiableMap(copy);
        body = body == null ? new byte[0] : body.clone();
    }

    /**
     * Creates a plain-text response with {@code content-type: text/plain; charset=utf-8}.
     *
     * @param status the HTTP status code
     * @param body   the text, encoded as UTF-8; not null
     * @return the response
     */
    public static AppResponse text(int status, String body) {
        Objects.requireNonNull(body, "body must not be null");
        return new AppResponse(status, Map.of("content-type", "text/plain; charset=utf-8"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Creates a JSON response with {@code content-type: application/json}. Use {@link JsonCodec#write(Object)}
     * to produce the bytes; they are not validated here.
     *
     * @param status    the HTTP status code
     * @param jsonBytes UTF-8 encoded JSON; not null
     * @return the response
     */
    public static AppResponse json(int status, byte[] jsonBytes) {
        Objects.requireNonNull(jsonBytes, "jsonBytes must not be null");
        return new AppResponse(status, Map.of("content-type", "application/json"), jsonBytes);
    }

    /**
     * Creates a response with no headers and an empty body, for example {@code status(204)}.
     *
     * @param status the HTTP status code
     * @return the response
     */
    public static AppResponse status(int status) {
        return new AppResponse(status, Map.of(), null);
    }

    /**
     * Returns a copy of this response with one header set, replacing any value the header had.
     *
     * @param name  the header name, case-insensitive; not blank
     * @param value the value; not null
     * @return a new response
     */
    public AppResponse withHeader(String name, String value) {
        String key = Checks.requireNonBlank(name, "header name").toLowerCase(Locale.ROOT);
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(key, Objects.requireNonNull(value, "header value must not be null"));
        return new AppResponse(status, copy, body);
    }

    /**
     * Returns a copy of the body.
     *
     * @return a new array with the body's bytes
     */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /**
     * Returns the body's length without copying it; the host checks it against its response size cap.
     *
     * @return the number of bytes in the body
     * @since 1.3.0
     */
    public int bodyLength() {
        return body.length;
    }

    /**
     * Compares status, headers and body contents.
     *
     * @param o the object to compare with
     * @return true if {@code o} is an equal response
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof AppResponse r
                && status == r.status && headers.equals(r.headers) && Arrays.equals(body, r.body);
    }

    /**
     * Hashes the same components {@link #equals(Object)} compares.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(status, headers, Arrays.hashCode(body));
    }

    /**
     * Describes the response without the body's bytes.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "AppResponse[status=" + status + ", headers=" + headers.keySet() + ", body=" + body.length + " bytes]";
    }
}
