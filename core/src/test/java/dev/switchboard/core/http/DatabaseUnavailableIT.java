package dev.switchboard.core.http;

import static dev.switchboard.core.http.VisitorRegistrationIT.PATH;
import static dev.switchboard.core.http.VisitorRegistrationIT.register;
import static dev.switchboard.core.http.VisitorRegistrationIT.token;
import static dev.switchboard.core.http.VisitorRegistrationIT.visitor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.core.testing.ApiClient.Response;
import dev.switchboard.core.testing.TestHost;
import org.junit.jupiter.api.Test;

/**
 * The database becoming unreachable is simulated by closing the host's connection pool: every connection
 * attempt then fails, as when a database server is gone. Health turns 503 and API calls get 503 in the envelope.
 */
class DatabaseUnavailableIT {
    @Test
    void healthAndApiAnswer503() throws Exception {
        try (TestHost host = TestHost.start()) {
            assertEquals(200, host.client().get("/health").status());
            ((HikariDataSource) host.host().database().dataSource()).close();

            Response health = host.client().get("/health");
            assertEquals(503, health.status(), health::toString);
            assertEquals("DOWN", health.json().get("status").asText());

            Response post = register(host.client(), visitor("token", token()));
            assertEquals(503, post.status(), post::toString);
            assertFalse(post.json().get("success").asBoolean());
            assertEquals("error-service-unavailable", post.json().get("errorType").asText());

            Response get = host.client().get(PATH + "/" + token());
            assertEquals(503, get.status(), get::toString);
            assertEquals("error-service-unavailable", get.json().get("errorType").asText());

            Response delete = host.client().delete(PATH + "/" + token());
            assertEquals(503, delete.status(), delete::toString);
        }
    }
}
