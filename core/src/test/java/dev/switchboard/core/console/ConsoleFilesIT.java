package dev.switchboard.core.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.TestHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's files as a plain HTTP client sees them: every file under {@code resources/console} served with
 * its type, the strict Content-Security-Policy and an ETag; 304 on revalidation; the redirect; 404 in the
 * envelope for anything else. The sources are checked for what the policy would break (inline script or style)
 * and for what would let API text become markup ({@code innerHTML}).
 */
class ConsoleFilesIT {
    private static final Path SOURCES = Path.of(System.getProperty("switchboard.project.root", ".."),
            "core", "src", "main", "resources", "console");
    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private static TestHost host;
    private static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        host = TestHost.start();
        client = host.client();
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    private static List<String> sourceFiles() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(Files::isRegularFile).map(file -> SOURCES.relativize(file).toString()
                    .replace('\\', '/')).sorted().toList();
        }
    }

    @Test
    void thePageCarriesTheStrictPolicyAndLoadsOnlyItsOwnModule() {
        ApiClient.Response page = client.get("/console");
        assertEquals(200, page.status());
        assertEquals("text/html; charset=utf-8", page.header("Content-Type"));
        assertEquals(POLICY, page.header("Content-Security-Policy"));
        assertEquals("no-cache", page.header("Cache-Control"));
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
        assertEquals("DENY", page.header("X-Frame-Options"));
        assertTrue(page.text().contains("<script type=\"module\" src=\"/console/js/main.js\"></script>"), page.text());
        // No inline script (every <script> has a src) and no inline style: the policy would refuse them.
        assertFalse(Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>").matcher(page.text()).find(), page.text());
        assertFalse(page.text().contains("style="), page.text());
        assertFalse(page.text().contains("<style"), page.text());

        ApiClient.Response again = client.send("GET", "/console", null, Map.of("If-None-Match", page.header("ETag")));
        assertEquals(304, again.status());
        assertEquals("", again.text());
        ApiClient.Response head = client.send("HEAD", "/console", null, Map.of());
        assertEquals(200, head.status());
        assertEquals(String.valueOf(page.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
                head.header("Content-Length"));
    }

    @Test
    void everyFileIsServedWithItsTypeAndTheMissingOnesAreNot() throws IOException {
        List<String> files = sourceFiles();
        assertTrue(files.contains("js/main.js") && files.contains("console.css"), files::toString);
        for (String file : files) {
            ApiClient.Response served = client.get("/console/" + file);
            assertEquals(200, served.status(), file);
            assertEquals(POLICY, served.header("Content-Security-Policy"), file);
            assertNotNull(served.header("ETag"), file);
            String type = served.header("Content-Type");
            if (file.endsWith(".js")) {
                assertEquals("text/javascript; charset=utf-8", type, file);
            } else if (file.endsWith(".css")) {
                assertEquals("text/css; charset=utf-8", type, file);
            }
            assertEquals(Files.readString(SOURCES.resolve(file)), served.text(), file);
        }
        ApiClient.Response missing = client.get("/console/js/nothing.js");
        assertEquals(404, missing.status());
        assertEquals("error-not-found", missing.json().get("errorType").asText());
        assertEquals(404, client.get("/console/../api/info/x").status());
        ApiClient.Response redirect = client.send("GET", "/console/", null, Map.of());
        assertEquals(301, redirect.status(), redirect.toString());
        assertEquals("/console", redirect.header("Location"));
    }

    @Test
    void theSourcesNeverTurnApiTextIntoMarkup() throws IOException {
        for (String file : sourceFiles()) {
            String text = Files.readString(SOURCES.resolve(file));
            assertFalse(text.contains("innerHTML") || text.contains("outerHTML") || text.contains("insertAdjacentHTML")
                    || text.contains("document.write") || text.contains("eval("), file);
            if (file.endsWith(".js")) {
                assertFalse(text.contains(".style."), file + " sets an inline style, which the policy refuses");
            }
        }
    }
}
