package dev.switchboard.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.TestHost;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /avatar/:username}: Rocket.Chat's letter avatars, which the widget shows beside messages. */
class AvatarIT {
    private static TestHost host;

    @BeforeAll
    static void start() throws Exception {
        host = TestHost.start();
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @Test
    void aNameGetsRocketChatsLetterSvg() {
        ApiClient.Response avatar = host.client().get("/avatar/marie");
        assertEquals(200, avatar.status(), avatar.toString());
        assertEquals("image/svg+xml", avatar.header("content-type"));
        assertEquals(AvatarRoutes.FALLBACK_LAST_MODIFIED, avatar.header("last-modified"));
        assertEquals("inline", avatar.header("content-disposition"));
        // renderSVGLetters("marie", 200): colour by the name's length (5 % 6), the first letter upper-cased.
        assertEquals("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 200\">\n"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#6C727A\"/>\n"
                + "<text x=\"50%\" y=\"50%\" dy=\"0.36em\" text-anchor=\"middle\" pointer-events=\"none\" "
                + "fill=\"#ffffff\" font-family=\"'Helvetica', 'Arial', 'Lucida Grande', 'sans-serif'\" "
                + "font-size=\"125\">\nM\n</text>\n</svg>", avatar.text());
    }

    @Test
    void visitorsSizesAndRevalidation() {
        // A visitor's username: the first letter or digit counts; "@name" asks for the same letters.
        assertTrue(host.client().get("/avatar/guest-12").text().contains("fill=\"#B68D00\"/>"));
        assertTrue(host.client().get("/avatar/guest-12").text().contains("\nG\n"));
        assertEquals(host.client().get("/avatar/marie").text(), host.client().get("/avatar/@marie").text());
        // Only [A-Z0-9] from the name reaches the markup.
        String hostile = host.client().get("/avatar/%3Cscript%3E").text();
        assertTrue(hostile.contains("\nS\n") && !hostile.contains("<script"), hostile);

        assertTrue(host.client().get("/avatar/marie?size=100").text().contains("viewBox=\"0 0 100 100\""));
        assertTrue(host.client().get("/avatar/marie?size=100").text().contains("font-size=\"62.5\""));
        assertTrue(host.client().get("/avatar/marie?size=5").text().contains("viewBox=\"0 0 16 16\""));
        assertTrue(host.client().get("/avatar/marie?size=99999").text().contains("viewBox=\"0 0 1024 1024\""));
        assertTrue(host.client().get("/avatar/marie?size=big").text().contains("viewBox=\"0 0 200 200\""));

        ApiClient.Response cached = host.client().withHeaders(
                Map.of("If-Modified-Since", AvatarRoutes.FALLBACK_LAST_MODIFIED)).get("/avatar/marie");
        assertEquals(304, cached.status(), cached.toString());
        assertEquals(0, cached.body().length);
    }
}
