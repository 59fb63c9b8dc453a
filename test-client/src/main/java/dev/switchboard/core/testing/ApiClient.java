package dev.switchboard.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Speaks HTTP to a host the way a client would; answers are parsed as JSON where they are JSON. */
public final class ApiClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Map<String, String> defaultHeaders = new LinkedHashMap<>();

    public ApiClient(String base) {
        this.base = base;
    }

    /** A client for the same host that sends {@code headers} with every request (e.g. auth). */
    public ApiClient withHeaders(Map<String, String> headers) {
        ApiClient client = new ApiClient(base);
        client.defaultHeaders.putAll(defaultHeaders);
        client.defaultHeaders.putAll(headers);
        return client;
    }

    public String base() {
        return base;
    }

    public Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Response delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    /** DELETE with a JSON body, as Rocket.Chat's message deletion takes one. */
    public Response delete(String path, String json) {
        return send("DELETE", path, json.getBytes(StandardCharsets.UTF_8), Map.of("content-type", "application/json"));
    }

    public Response post(String path, String json) {
        return send("POST", path, json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                Map.of("content-type", "application/json"));
    }

    public Response put(String path, String json) {
        return send("PUT", path, json.getBytes(StandardCharsets.UTF_8), Map.of("content-type", "application/json"));
    }

    /** Any request, with raw body bytes and extra headers. */
    public Response send(String method, String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        defaultHeaders.forEach(request::header);
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response: status, raw body, headers, and the body as JSON on demand. */
    public record Response(int status, byte[] body, Map<String, java.util.List<String>> headers) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + text(), e);
            }
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }
}
