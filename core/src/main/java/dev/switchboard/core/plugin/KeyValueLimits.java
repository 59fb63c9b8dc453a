package dev.switchboard.core.plugin;

import dev.switchboard.spi.KeyValueStore;
import java.time.Duration;
import java.util.Objects;

/**
 * The argument rules of {@link KeyValueStore} as the host enforces them. Public for switchboard-testkit, whose
 * fake store refuses exactly what the host refuses.
 */
public final class KeyValueLimits {
    /** The most keys one {@link KeyValueStore#keys} call may ask for. */
    public static final int MAX_LIST = 10_000;

    private KeyValueLimits() { }

    /**
     * Checks a key.
     *
     * @param key the key
     * @return the key
     * @throws NullPointerException     if it is null
     * @throws IllegalArgumentException if it is empty or longer than {@link KeyValueStore#MAX_KEY_LENGTH}
     */
    public static String key(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.length() > KeyValueStore.MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("keys are 1 to " + KeyValueStore.MAX_KEY_LENGTH + " characters");
        }
        return key;
    }

    /**
     * Checks a value.
     *
     * @param value the value
     * @return the value
     * @throws NullPointerException     if it is null
     * @throws IllegalArgumentException if it is longer than {@link KeyValueStore#MAX_VALUE_BYTES}
     */
    public static byte[] value(byte[] value) {
        Objects.requireNonNull(value, "value");
        if (value.length > KeyValueStore.MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("values are at most " + KeyValueStore.MAX_VALUE_BYTES + " bytes");
        }
        return value;
    }

    /**
     * Checks an expiry and converts it to whole milliseconds, at least 1 (never "no expiry").
     *
     * @param ttl the expiry
     * @return the milliseconds
     * @throws NullPointerException     if it is null
     * @throws IllegalArgumentException if it is not positive or longer than {@link KeyValueStore#MAX_TTL_DAYS}
     */
    public static long ttlMillis(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(KeyValueStore.MAX_TTL_DAYS)) > 0) {
            throw new IllegalArgumentException("ttl must be positive and at most " + KeyValueStore.MAX_TTL_DAYS
                    + " days");
        }
        return Math.max(1, ttl.toMillis());
    }

    /**
     * Checks the limit of a key listing.
     *
     * @param limit the limit
     * @return the limit
     * @throws IllegalArgumentException if it is not between 1 and {@link #MAX_LIST}
     */
    public static int listLimit(int limit) {
        if (limit < 1 || limit > MAX_LIST) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIST);
        }
        return limit;
    }
}
