package dev.switchboard.spi;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A request an app sends through {@link AppHttp}. Immutable: the constructor copies the headers and clones the
 * body. {@link #toString()} leaves out header values and the body, which may hold secrets such as access tokens.
 *
 * @param method  the HTTP method, upper case (normalised by the constructor)
 * @param uri     an absolute {@code http} or {@code https} URI
 * @param headers request headers, names lower case (normalised by the constructor)
 * @param body    the request body; empty (never null) when there is none
 * @param timeout how long the whole call may take, or null for the host's default; positive
 * @since 1.4.0
 */
public record HttpCall(String method, URI uri, Map<String, List<String>> headers, byte[] body, Duration timeout) {

    /**
     * Validates and copies the components.
     *
     * @param method the method component
     * @param uri the uri component
     * @param headers the headers component; null becomes empty
     * @param body the body component; null becomes empty
     * @param timeout the timeout component
     * @throws NullPointerException     if {@code method} or {@code uri} is null, or a header name, list or value is
     * @throws IllegalArgumentException if {@code method} is blank, {@code uri} is not an absolute http(s) URI with a
     *                                  host, or {@code timeout} is not positive
     */
    public HttpCall {
        method = Checks.requireNonBlank(method, "method").toUpperCase(Locale.ROOT);
        Objects.requireNonNull(uri, "uri must not be null");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("uri must be an absolute http or https URI with a host");
        }
        headers = AppRequest.copyMultiMap(headers, true);
        body = body == null ? new byte[0] : body.clone();
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /**
     * A {@code GET} without headers.
     *
     * @param uri the URI
     * @return the call
     */
    public static HttpCall get(URI uri) {
        return new HttpCall("GET", uri, Map.of(), null, null);
    }

    /**
     * A {@code POST} of a body with its content type.
     *
     * @param uri         the URI
     * @param contentType the body's media type, for example {@code application/json}
     * @param body        the body
     * @return the call
     */
    public static HttpCall post(URI uri, String contentType, byte[] body) {
        return new HttpCall("POST", uri, Map.of("content-type", List.of(contentType)), body, null);
    }

    /**
     * Returns a copy with one header set, replacing the values it had.
     *
     * @param name  the header name, case-insensitive; not blank
     * @param value the value; not null
     * @return a new call
     */
    public HttpCall withHeader(String name, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>(headers);
        copy.put(Checks.requireNonBlank(name, "header name").toLowerCase(Locale.ROOT),
                List.of(Objects.requireNonNull(value, "header value must not be null")));
        return new HttpCall(method, uri, copy, body, timeout);
    }

    /**
     * Returns a copy with another timeout.
     *
     * @param timeout the timeout; positive
     * @return a new call
     */
    public HttpCall withTimeout(Duration timeout) {
        return new HttpCall(method, uri, headers, body, Objects.requireNonNull(timeout, "timeout must not be null"));
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
     * Returns the body's length without copying it.
     *
     * @return the number of body bytes
     */
    public int bodyLength() {
        return body.length;
    }

    /**
     * Compares every component, the body by contents.
     *
     * @param o the object to compare with
     * @return true if {@code o} is an equal call
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof HttpCall c && method.equals(c.method) && uri.equals(c.uri) && headers.equals(c.headers)
                && Arrays.equals(body, c.body) && Objects.equals(timeout, c.timeout);
    }

    /**
     * Hashes the same components {@link #equals(Object)} compares.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(method, uri, headers, Arrays.hashCode(body), timeout);
    }

    /**
     * Describes the call without header values, query string or body.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "HttpCall[method=" + method + ", uri=" + uri.getScheme() + "://" + uri.getRawAuthority()
                + uri.getRawPath() + ", headers=" + headers.keySet() + ", body=" + body.length + " bytes, timeout="
                + timeout + "]";
    }

    /**
     * Decodes the body as UTF-8, for tests and logs of bodies known to hold no secrets.
     *
     * @return the body as a string
     */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
