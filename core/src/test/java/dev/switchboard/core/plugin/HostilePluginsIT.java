package dev.switchboard.core.plugin;

import static dev.switchboard.core.plugin.PluginFixtures.ATTACHER;
import static dev.switchboard.core.plugin.PluginFixtures.admin;
import static dev.switchboard.core.plugin.PluginFixtures.app;
import static dev.switchboard.core.plugin.PluginFixtures.awaitStatus;
import static dev.switchboard.core.plugin.PluginFixtures.configureAttacher;
import static dev.switchboard.core.plugin.PluginFixtures.externalId;
import static dev.switchboard.core.plugin.PluginFixtures.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.TestHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Hostile plugins next to an honest one (the attacher): each app has its own threads (AppBulkhead), so a hanging
 * endpoint or a spinning hook costs only its own app, which ends error_disabled; responses have a size cap.
 */
class HostilePluginsIT {
    private final ListAppender<ILoggingEvent> faults = new ListAppender<>();

    @BeforeEach
    void captureFaultLog() {
        faults.start();
        ((Logger) LoggerFactory.getLogger(AppFaults.class)).addAppender(faults);
    }

    @AfterEach
    void releaseFaultLog() {
        ((Logger) LoggerFactory.getLogger(AppFaults.class)).detachAppender(faults);
    }

    @Test
    void aHangingEndpointCostsOnlyItsOwnAppWhichEndsErrorDisabled() throws Exception {
        try (TestHost host = PluginFixtures.startWith("attacher", "hanger")) {
            configureAttacher(host);
            long started = System.nanoTime();
            int calls = AppFaults.IN_A_ROW_BEFORE_ERROR + 1;
            ExecutorService clients = Executors.newFixedThreadPool(calls);
            List<CompletableFuture<ApiClient.Response>> hanging = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                hanging.add(CompletableFuture.supplyAsync(
                        () -> PluginFixtures.call(host, "test-hanger", "GET", "hang", null), clients));
            }
            Thread.sleep(500); // the hanging calls hold their threads now

            // The honest app answers its endpoint and its hook, and can be switched off and on, meanwhile.
            for (int i = 0; i < 5; i++) {
                ApiClient.Response echo = PluginFixtures.post(host, "echo", Map.of("i", i));
                assertEquals(200, echo.status(), echo::toString);
                JsonNode visitor = register(host, "hang-" + i);
                assertNotNull(externalId(visitor, "ext-hang-" + i), "the honest app's hook ran");
            }
            setStatus(host, ATTACHER, "manually_disabled");
            assertEquals("manually_enabled", setStatus(host, ATTACHER, "manually_enabled"),
                    "re-enabling the innocent app leaves it enabled");
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) < 9,
                    "all of that happened within the hanging calls' budget");

            for (CompletableFuture<ApiClient.Response> call : hanging) {
                ApiClient.Response response = call.get(30, TimeUnit.SECONDS);
                assertEquals(504, response.status(), response::toString);
            }
            clients.shutdown();
            JsonNode off = awaitStatus(host, "test-hanger", "error_disabled");
            assertTrue(off.get("statusReason").asText().contains("endpoint hang failed"), off::toString);
            assertEquals("manually_enabled", app(host, ATTACHER).get("status").asText());
            assertEquals(200, PluginFixtures.post(host, "echo", Map.of()).status());

            // Its threads ignore the interrupt: until they end it cannot be enabled again.
            assertEquals("error_disabled", setStatus(host, "test-hanger", "manually_enabled"));
            assertTrue(app(host, "test-hanger").get("statusReason").asText().contains("still run past their budget"));

            List<String> lines = faults.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(line -> line.contains("test-hanger")).toList();
            assertTrue(!lines.isEmpty() && lines.size() <= 2, () -> "logged with the app id, throttled: " + lines);
        }
    }

    @Test
    void aSpinningHookIsNotFedAgainAndOtherAppsKeepTheirIds() throws Exception {
        try (TestHost host = PluginFixtures.startWith("attacher", "spinner")) {
            configureAttacher(host);
            for (int i = 0; i < 2 * AppFaults.IN_A_ROW_BEFORE_ERROR; i++) {
                JsonNode visitor = register(host, "spin-" + i);
                assertNotNull(externalId(visitor, "ext-spin-" + i), "registration " + i + " kept the attacher's id");
            }
            JsonNode off = awaitStatus(host, "test-spinner", "error_disabled");
            assertTrue(off.get("statusReason").asText().contains("running past their budget"), off::toString);

            // 100 registrations at once while the spinner still spins: none loses the honest app's id.
            ExecutorService clients = Executors.newFixedThreadPool(16);
            List<CompletableFuture<JsonNode>> burst = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String token = "burst-" + i;
                burst.add(CompletableFuture.supplyAsync(() -> register(host, token), clients));
            }
            for (int i = 0; i < burst.size(); i++) {
                assertNotNull(externalId(burst.get(i).get(30, TimeUnit.SECONDS), "ext-burst-" + i),
                        "registration burst-" + i + " lost the attacher's id");
            }
            clients.shutdown();

            // Once the one fed call has stopped spinning, the app can be enabled, and it was fed only once.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String status = setStatus(host, "test-spinner", "manually_enabled");
            while (!status.equals("manually_enabled") && System.nanoTime() < deadline) {
                Thread.sleep(200);
                status = setStatus(host, "test-spinner", "manually_enabled");
            }
            assertEquals("manually_enabled", status);
            ApiClient.Response started = PluginFixtures.call(host, "test-spinner", "GET", "started", null);
            assertEquals("1", started.text(), started::toString);
        }
    }

    @Test
    void aResponseOverTheCapIsA502AndIsNotSent() throws Exception {
        try (TestHost host = PluginFixtures.start(PluginFixtures.pluginsDir("hog"))) {
            ApiClient.Response response = PluginFixtures.call(host, "test-hog", "GET", "big", null);
            assertEquals(502, response.status(), response::toString);
            assertTrue(response.json().get("error").asText().contains("error-app-response-too-large"),
                    response::toString);
            assertTrue(response.body().length < 1000);
        }
    }

    /**
     * Host classes and libraries cannot be loaded by name from a plugin; the JDK and the SPI can. What is not
     * isolated, stated too: the context the host hands over is a host object, open to reflection.
     */
    @Test
    void aPluginCannotLoadHostClassesByNameButIsHandedHostObjects() throws Exception {
        try (TestHost host = PluginFixtures.startWith("spoofer")) {
            for (String hidden : List.of("dev.switchboard.core.store.Database", "dev.switchboard.core.Main",
                    "com.fasterxml.jackson.databind.ObjectMapper", "org.sqlite.JDBC", "io.vertx.core.Vertx")) {
                assertEquals("hidden", hostClasses(host, hidden).get(0), hidden);
            }
            for (String visible : List.of("dev.switchboard.spi.AppContext", "org.slf4j.Logger", "java.util.List",
                    "javax.crypto.Cipher", "java.sql.DriverManager")) {
                assertEquals("loaded", hostClasses(host, visible).get(0), visible);
            }
            assertEquals(HostAppContext.class.getName(), hostClasses(host, "java.util.List").get(1));
        }
    }

    private static List<String> hostClasses(TestHost host, String name) {
        ApiClient.Response response = PluginFixtures.call(host, "test-spoofer", "GET", "host-classes?name=" + name,
                null);
        assertEquals(200, response.status(), response::toString);
        return response.text().lines().toList();
    }

    /** Sets an app's operator status; returns the status it has afterwards. */
    private static String setStatus(TestHost host, String appId, String status) {
        ApiClient.Response response = admin(host).post("/api/apps/" + appId + "/status",
                Json.of(Map.of("status", status)));
        assertEquals(200, response.status(), response::toString);
        return response.json().get("app").get("status").asText();
    }
}
