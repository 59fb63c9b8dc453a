package dev.switchboard.spi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The response to an {@link HttpCall}: any status, 4xx and 5xx included.
 *
 * @param status  the HTTP status code
 * @param headers response headers, names lower case
 * @param body    the whole response body (at most the host's response cap); empty when there is none
 * @since 1.4.0
 */
public record HttpResult(int status, Map<String, List<String>> headers, byte[] body) {

    /**
     * Validates and copies the components.
     *
     * @param status the status component
     * @param headers the headers component; null becomes empty
     * @param body the body component; null becomes empty
     * @throws IllegalArgumentException if {@code status} is out of 100-599
     * @throws NullPointerException     if a header name, list or value is null
     */
    public HttpResult {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status " + status + " is not an HTTP status code (100-599)");
        }
        headers = AppRequest.copyMultiMap(headers, true);
        body = body == null ? new byte[0] : body.clone();
    }

    /**
     * Returns the first value of a header.
     *
     * @param name the header name, case-insensitive
     * @return the first value, or empty if the header is absent
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
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
     * Decodes the body as UTF-8 (malformed input is replaced), without copying the array first.
     *
     * @return the body as a string
     */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Returns whether the status is 2xx.
     *
     * @return true for 200-299
     */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /**
     * Compares status, headers and body contents.
     *
     * @param o the object to compare with
     * @return true if {@code o} is an equal result
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof HttpResult r && status == r.status && headers.equals(r.headers)
                && Arrays.equals(body, r.body);
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
     * Describes the result without header values or body.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "HttpResult[status=" + status + ", headers=" + headers.keySet() + ", body=" + body.length + " bytes]";
    }
}
