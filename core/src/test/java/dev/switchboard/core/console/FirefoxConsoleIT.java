package dev.switchboard.core.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Chromium;
import dev.switchboard.core.testing.Closer;
import dev.switchboard.core.testing.Firefox;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.Operators;
import dev.switchboard.core.testing.TestHost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console (docs/console.md) in Debian's headless Firefox ESR, driven over WebDriver BiDi, against a real host
 * with the real WhatsApp bridge jar: an operator signs in through the form, sees the bridge on the apps page,
 * finds the visitor the bridge created by its BSUID, and at 360 px nothing scrolls sideways; the page logs no
 * error (uncaught exceptions and Content-Security-Policy violations included). Skipped without firefox-esr,
 * unless {@code CI=true}. With {@code -Dswitchboard.screenshots=true} it saves the narrow visitors page into
 * {@code docs/images/}.
 */
class FirefoxConsoleIT {
    private static final String TEST = "The console's Firefox test";
    private static final String PROBE = "switchboard-log-probe";

    private final Closer closer = new Closer();
    private TestHost host;
    private Operators operators;
    private Firefox firefox;

    @BeforeEach
    void start() throws Exception {
        Firefox.requireInstalled(TEST);
        host = closer.add(TestHost.start(builder -> builder.adminToken(Operators.ADMIN_TOKEN)
                .pluginsDir(WhatsAppBridgeHarness.pluginsDirWithBridge())));
        operators = new Operators(host);
        firefox = closer.add(Firefox.start());
    }

    @AfterEach
    void stop() throws Exception {
        closer.close();
    }

    @Test
    void operatorSignsInSeesTheBridgeAndFindsAVisitor() throws Exception {
        ConsoleBrowserIT.createOlivia(operators);

        // Sign in through the form: the values typed in, the submit button pressed.
        firefox.viewport(1280, 900);
        firefox.navigate("http://127.0.0.1:" + host.port() + "/console");
        firefox.waitUntil("document.querySelector('input[name=username]') !== null");
        firefox.evaluate("document.querySelector('input[name=username]').value = 'olivia';"
                + "document.querySelector('input[name=password]').value = '" + ConsoleBrowserIT.PASSWORD + "';"
                + "document.querySelector('form button[type=submit]').click();");
        firefox.waitUntil("document.querySelector(\"nav a[href='#/apps']\") !== null");
        assertEquals("Olivia Operator", firefox.evaluate("document.getElementById('who-name').textContent")
                .asText());

        // Apps: the bridge is listed, waiting for its required settings.
        firefox.evaluate("document.querySelector(\"nav a[href='#/apps']\").click()");
        firefox.waitUntil("document.querySelector('main [data-status]') !== null");
        assertEquals(WhatsAppBridgeHarness.APP, firefox.evaluate("document.querySelector('main tbody th a')"
                + ".textContent").asText());
        assertEquals("invalid_settings_disabled", firefox.evaluate(
                "document.querySelector('main [data-status]').dataset.status").asText());

        // Visitors: once configured, the bridge creates a visitor from a WhatsApp message; a search by its BSUID
        // finds it.
        ApiClient.Response configured = operators.admin().post("/api/apps/" + WhatsAppBridgeHarness.APP
                + "/settings", Json.of(Map.of("settings", Map.of("verifyToken", WhatsAppBridgeHarness.VERIFY_TOKEN,
                "appSecret", WhatsAppBridgeHarness.APP_SECRET))));
        assertEquals(200, configured.status(), configured.toString());
        assertEquals(200, WhatsAppBridgeHarness.postSigned(host.client(),
                WhatsAppBridgeHarness.fixture("text-phone-parent.json")).status());
        ConsoleBrowserIT.awaitSearchHit(operators, ConsoleBrowserIT.BSUID);
        firefox.evaluate("document.querySelector(\"nav a[href='#/visitors']\").click()");
        firefox.waitUntil("document.querySelector('input[name=term]') !== null");
        firefox.evaluate("document.querySelector('input[name=term]').value = '" + ConsoleBrowserIT.BSUID + "';"
                + "document.querySelector('form[role=search] button').click();");
        firefox.waitUntil("document.querySelector('main tbody th a') !== null");
        assertEquals("Ana Souza", firefox.evaluate("document.querySelector('main tbody th a').textContent").asText());
        String row = firefox.evaluate("document.querySelector('main tbody tr').textContent").asText();
        assertTrue(row.contains(WhatsAppBridgeHarness.APP + ": " + ConsoleBrowserIT.BSUID), row);

        // At 360 px the visitors and apps pages still fit: nothing scrolls sideways.
        firefox.viewport(360, 740);
        assertEquals(360, firefox.evaluate("window.innerWidth").asInt());
        assertFitsTheWidth();
        firefox.screenshot("console-firefox.png");
        firefox.evaluate("document.querySelector(\"nav a[href='#/apps']\").click()");
        firefox.waitUntil("document.querySelector('main [data-status]') !== null");
        assertFitsTheWidth();

        assertNoConsoleErrors();
    }

    private void assertFitsTheWidth() {
        JsonNode widths = firefox.evaluate("[document.documentElement.scrollWidth,"
                + " document.documentElement.clientWidth]");
        int scrollWidth = widths.get(0).get("value").asInt();
        int clientWidth = widths.get(1).get("value").asInt();
        assertTrue(scrollWidth <= clientWidth, "scrolls sideways: " + scrollWidth + " > " + clientWidth);
    }

    /**
     * A page that threw or broke its own Content-Security-Policy logs an error. The probe, logged last, proves
     * the log reaches the test: every entry before it has arrived too.
     */
    private void assertNoConsoleErrors() throws InterruptedException {
        firefox.evaluate("console.error('" + PROBE + "')");
        long deadline = System.nanoTime() + Chromium.WAIT.toNanos();
        while (firefox.errors().stream().noneMatch(entry -> entry.path("text").asText().equals(PROBE))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the page's log never reached the test");
            }
            Thread.sleep(100);
        }
        List<String> errors = firefox.errors().stream().map(JsonNode::toString)
                .filter(entry -> !entry.contains(PROBE)).toList();
        assertEquals(List.of(), errors);
    }
}
