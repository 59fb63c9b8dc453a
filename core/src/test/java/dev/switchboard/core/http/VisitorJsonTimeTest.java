package dev.switchboard.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VisitorJsonTimeTest {
    /**
     * The formatter the host used before: the fast path must give the same text. For years 1–9999 that is what
     * JavaScript's {@code Date.toISOString()} gives; outside them both paths keep the formatter's year-of-era text.
     */
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01T00:00:00Z", "2024-02-29T23:59:59.999Z", "2026-11-29T13:02:53.144Z",
            "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1969-12-31T23:59:59.001Z",
            "2000-01-01T00:00:00.000999Z", "-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z"})
    void formatsLikeTheFormatter(String iso) {
        Instant instant = Instant.parse(iso);
        assertEquals(ISO_MILLIS.format(instant), VisitorJson.time(instant));
    }

    @Test
    void agreesWithTheFormatterAcrossYearsOneToTenThousand() {
        SplittableRandom random = new SplittableRandom(42);
        long min = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(min, max + 1), random.nextInt(1_000_000_000));
            assertEquals(ISO_MILLIS.format(instant), VisitorJson.time(instant), instant::toString);
        }
    }

    @Test
    void keepsMillisecondsWhenTheyAreZero() {
        assertEquals("2026-11-29T13:02:53.000Z", VisitorJson.time(Instant.parse("2026-11-29T13:02:53Z")));
    }
}
