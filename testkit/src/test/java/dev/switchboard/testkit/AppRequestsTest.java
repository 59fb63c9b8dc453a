package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.spi.AppRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppRequestsTest {

    @Test
    void pathAndQueryAreSplitAsTheHostSplitsThem() {
        AppRequest request = AppRequests.get("webhook?hub.mode=subscribe&a=1&a=2&q=a%20b");
        assertEquals("GET", request.method());
        assertEquals("webhook", request.path());
        assertEquals("subscribe", request.queryParam("hub.mode").orElseThrow());
        assertEquals(List.of("1", "2"), request.query().get("a"));
        assertEquals("a b", request.queryParam("q").orElseThrow());

        AppRequest post = AppRequests.postJson("webhook", "{\"x\":1}");
        assertEquals("application/json", post.header("Content-Type").orElseThrow());
        assertEquals("{\"x\":1}", post.bodyAsString());
    }
}
