package dev.switchboard.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpValuesTest {

    @Test
    void requestHeadersAreLowerCasedMergedAndLookedUpCaseInsensitively() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("X-Hub-Signature-256", List.of("sha256=abc"));
        headers.put("x-hub-signature-256", List.of("sha256=def"));
        AppRequest request = new AppRequest("post", "webhook", null, headers, null);

        assertEquals("POST", request.method());
        assertEquals(Map.of("x-hub-signature-256", List.of("sha256=abc", "sha256=def")), request.headers());
        assertEquals(Optional.of("sha256=abc"), request.header("X-HUB-SIGNATURE-256"));
        assertEquals(Optional.empty(), request.header("content-type"));
    }

    @Test
    void queryParamsAreCaseSensitiveAndCopied() {
        List<String> values = new ArrayList<>(List.of("subscribe"));
        Map<String, List<String>> query = new LinkedHashMap<>(Map.of("hub.mode", values));
        AppRequest request = new AppRequest("GET", "webhook", query, null, null);
        values.set(0, "changed");
        query.put("other", List.of("x"));

        assertEquals(Optional.of("subscribe"), request.queryParam("hub.mode"));
        assertEquals(Optional.empty(), request.queryParam("HUB.MODE"));
        assertEquals(Optional.empty(), request.queryParam("other"));
    }

    @Test
    void requestBodyIsClonedOnTheWayInAndOut() {
        byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
        AppRequest request = new AppRequest("POST", "webhook", null, null, body);
        body[0] = 'J';
        request.body()[1] = 'X';

        assertEquals("hello", request.bodyAsString());
        assertEquals(5, request.bodyLength());
        assertEquals(0, new AppRequest("GET", "", null, null, null).body().length);
    }

    @Test
    void requestEqualityComparesBodyContents() {
        AppRequest a = new AppRequest("POST", "w", null, null, new byte[] {1, 2});
        AppRequest b = new AppRequest("POST", "w", null, null, new byte[] {1, 2});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new AppRequest("POST", "w", null, null, new byte[] {1, 3}));
    }

    @Test
    void textAndJsonFactoriesSetContentTypeAndBody() {
        AppResponse text = AppResponse.text(200, "héllo");
        assertEquals("text/plain; charset=utf-8", text.headers().get("content-type"));
        assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), text.body());

        AppResponse json = AppResponse.json(201, "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, json.status());
        assertEquals("application/json", json.headers().get("content-type"));

        AppResponse empty = AppResponse.status(204);
        assertEquals(Map.of(), empty.headers());
        assertEquals(0, empty.body().length);
    }

    @Test
    void withHeaderReplacesCaseInsensitivelyAndLeavesTheOriginalAlone() {
        AppResponse original = AppResponse.text(200, "ok");
        AppResponse changed = original.withHeader("Content-Type", "text/html").withHeader("X-Trace", "1");

        assertEquals(Map.of("content-type", "text/html", "x-trace", "1"), changed.headers());
        assertEquals("text/plain; charset=utf-8", original.headers().get("content-type"));
        assertArrayEquals(original.body(), changed.body());
    }

    @Test
    void responseRejectsBadStatusAndDuplicateHeaderNames() {
        assertThrows(IllegalArgumentException.class, () -> AppResponse.status(99));
        assertThrows(IllegalArgumentException.class, () -> AppResponse.status(600));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "a");
        headers.put("content-type", "b");
        assertThrows(IllegalArgumentException.class, () -> new AppResponse(200, headers, null));
    }

    @Test
    void responseBodyCannotBeChangedAfterConstruction() {
        byte[] body = {1, 2, 3};
        AppResponse response = new AppResponse(200, null, body);
        body[0] = 9;
        response.body()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, response.body());
        assertEquals(response, new AppResponse(200, Map.of(), new byte[] {1, 2, 3}));
    }
}
