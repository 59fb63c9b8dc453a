package dev.switchboard.core.plugin;

import dev.switchboard.core.error.Failures;
import dev.switchboard.core.store.AppKeyValueRows;
import dev.switchboard.spi.KeyValueStore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** One app's key-value store; the app id is bound here and never crosses to another app's keys. */
final class AppKeyValueStore implements KeyValueStore {
    private static final int MAX_LIST = 10_000;
    private final String appId;
    private final AppKeyValueRows rows;

    AppKeyValueStore(String appId, AppKeyValueRows rows) {
        this.appId = appId;
        this.rows = rows;
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Blocking.await(rows.get(appId, checkKey(key)));
    }

    @Override
    public void put(String key, byte[] value) {
        Blocking.await(rows.put(appId, checkKey(key), checkValue(value)));
    }

    @Override
    public CompletionStage<Void> putAsync(String key, byte[] value) {
        CompletableFuture<?> write = rows.put(appId, checkKey(key), checkValue(value).clone());
        EndpointWrites.started(write);
        return write.handle((ignored, failure) -> {
            if (failure != null) {
                throw Blocking.translate(Failures.cause(failure));
            }
            return null;
        });
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value) {
        return Blocking.await(rows.putIfAbsent(appId, checkKey(key), checkValue(value)));
    }

    @Override
    public boolean delete(String key) {
        return Blocking.await(rows.delete(appId, checkKey(key)));
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        Blocking.await(rows.put(appId, checkKey(key), checkValue(value), ttlMillis(ttl)));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
        return Blocking.await(rows.putIfAbsent(appId, checkKey(key), checkValue(value), ttlMillis(ttl)));
    }

    @Override
    public int deletePrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return Blocking.await(rows.deletePrefix(appId, prefix));
    }

    @Override
    public List<String> keys(String prefix, int limit) {
        Objects.requireNonNull(prefix, "prefix");
        if (limit < 1 || limit > MAX_LIST) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIST);
        }
        return Blocking.await(rows.keys(appId, prefix, limit));
    }

    /** The expiry in whole milliseconds (at least 1), within the SPI's bounds. */
    static long ttlMillis(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(MAX_TTL_DAYS)) > 0) {
            throw new IllegalArgumentException("ttl must be positive and at most " + MAX_TTL_DAYS + " days");
        }
        return Math.max(1, ttl.toMillis());
    }

    private static String checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("keys are 1 to " + MAX_KEY_LENGTH + " characters");
        }
        return key;
    }

    private static byte[] checkValue(byte[] value) {
        Objects.requireNonNull(value, "value");
        if (value.length > MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("values are at most " + MAX_VALUE_BYTES + " bytes");
        }
        return value;
    }
}
