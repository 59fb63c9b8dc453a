package dev.switchboard.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.spi.KeyValueStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The argument checks of {@link AppKeyValueStore} that need no database. */
class AppKeyValueStoreTest {

    @Test
    void anExpiryIsPositiveAtMostTheSpisMaximumAndAtLeastOneMillisecond() {
        assertEquals(1, AppKeyValueStore.ttlMillis(Duration.ofNanos(1)), "rounded up, never 'no expiry'");
        assertEquals(60_000, AppKeyValueStore.ttlMillis(Duration.ofMinutes(1)));
        assertEquals(Duration.ofDays(KeyValueStore.MAX_TTL_DAYS).toMillis(),
                AppKeyValueStore.ttlMillis(Duration.ofDays(KeyValueStore.MAX_TTL_DAYS)));
        assertThrows(IllegalArgumentException.class, () -> AppKeyValueStore.ttlMillis(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> AppKeyValueStore.ttlMillis(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class,
                () -> AppKeyValueStore.ttlMillis(Duration.ofDays(KeyValueStore.MAX_TTL_DAYS).plusMillis(1)));
        assertThrows(NullPointerException.class, () -> AppKeyValueStore.ttlMillis(null));
    }
}
