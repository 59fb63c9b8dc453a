package dev.switchboard.testkit;

import dev.switchboard.spi.AppRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link AppRequest}s the host hands an endpoint, from what a caller sends. Paths are relative to
 * {@code /api/apps/public/{appId}/}, with an optional query string that is split as the host splits it.
 */
public final class AppRequests {
    private AppRequests() { }

    /**
     * A GET request.
     *
     * @param pathAndQuery for example {@code webhook?hub.mode=subscribe}
     * @return the request
     */
    public static AppRequest get(String pathAndQuery) {
        return request("GET", pathAndQuery, Map.of(), new byte[0]);
    }

    /**
     * A POST request with a JSON body ({@code content-type: application/json}).
     *
     * @param pathAndQuery for example {@code webhook}
     * @param json         the body
     * @return the request
     */
    public static AppRequest postJson(String pathAndQuery, String json) {
        return request("POST", pathAndQuery, Map.of("content-type", List.of("application/json")),
                json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Any request.
     *
     * @param method       the HTTP method
     * @param pathAndQuery the path, with an optional query string
     * @param headers      the headers (names in any case)
     * @param body         the raw body
     * @return the request
     */
    public static AppRequest request(String method, String pathAndQuery, Map<String, List<String>> headers,
                                     byte[] body) {
        // Netty's decoder: the one under Vert.x's queryParams(), so the query splits as in the host.
        QueryStringDecoder decoded = new QueryStringDecoder(pathAndQuery);
        String path = decoded.rawPath();
        Map<String, List<String>> query = decoded.parameters();
        return new AppRequest(method, path, query, headers, body);
    }
}
