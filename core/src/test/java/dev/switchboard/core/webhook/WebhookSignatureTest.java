package dev.switchboard.core.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The signature header's format, and the retry waits. */
class WebhookSignatureTest {
    @Test
    void signatureIsTheHexHmacSha256OfTheBodyKeyedByTheSecret() {
        // The well-known HMAC-SHA256 vector (key "key").
        assertEquals("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
                WebhookSignature.sign("key",
                        "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void backoffDoublesFromOneSecondUpToTheMaximumWithJitterInTheUpperHalf() {
        Duration max = Duration.ofSeconds(60);
        for (int i = 0; i < 200; i++) {
            long first = Backoff.delayMillis(1, max);
            assertTrue(first >= 500 && first <= 1000, "first wait " + first);
            long third = Backoff.delayMillis(3, max);
            assertTrue(third >= 2000 && third <= 4000, "third wait " + third);
            long late = Backoff.delayMillis(40, max);
            assertTrue(late >= 30_000 && late <= 60_000, "capped wait " + late);
        }
        assertTrue(Backoff.delayMillis(1, Duration.ofMillis(1)) <= 1);
    }
}
