package dev.switchboard.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.core.testing.TestHost;
import org.junit.jupiter.api.Test;

class SmokeIT {
    @Test
    void healthAndInfoAnswerOnARandomPort() throws Exception {
        try (TestHost host = TestHost.start()) {
            assertEquals(200, host.client().get("/health").status());
            assertEquals("UP", host.client().get("/health").json().get("status").asText());
            assertEquals(true, host.client().get("/api/info").json().get("success").asBoolean());
        }
    }
}
