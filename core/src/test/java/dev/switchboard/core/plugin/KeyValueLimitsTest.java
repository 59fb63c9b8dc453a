package dev.switchboard.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.spi.KeyValueStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The argument rules of the key-value store ({@link KeyValueLimits}). */
class KeyValueLimitsTest {

    @Test
    void anExpiryIsPositiveAtMostTheSpisMaximumAndAtLeastOneMillisecond() {
        assertEquals(1, KeyValueLimits.ttlMillis(Duration.ofNanos(1)), "rounded up, never 'no expiry'");
        assertEquals(60_000, KeyValueLimits.ttlMillis(Duration.ofMinutes(1)));
        assertEquals(Duration.ofDays(KeyValueStore.MAX_TTL_DAYS).toMillis(),
                KeyValueLimits.ttlMillis(Duration.ofDays(KeyValueStore.MAX_TTL_DAYS)));
        assertThrows(IllegalArgumentException.class, () -> KeyValueLimits.ttlMillis(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> KeyValueLimits.ttlMillis(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class,
                () -> KeyValueLimits.ttlMillis(Duration.ofDays(KeyValueStore.MAX_TTL_DAYS).plusMillis(1)));
        assertThrows(NullPointerException.class, () -> KeyValueLimits.ttlMillis(null));
    }
}
