package dev.switchboard.core.plugin;

import dev.switchboard.core.error.Failures;
import dev.switchboard.core.store.AppKeyValueRows;
import dev.switchboard.spi.KeyValueStore;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** One app's key-value store; the app id is bound here and never crosses to another app's keys. */
final class AppKeyValueStore implements KeyValueStore {
    private final String appId;
    private final AppKeyValueRows rows;

    AppKeyValueStore(String appId, AppKeyValueRows rows) {
        this.appId = appId;
        this.rows = rows;
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Blocking.await(rows.get(appId, KeyValueLimits.key(key)));
    }

    @Override
    public void put(String key, byte[] value) {
        Blocking.await(rows.put(appId, KeyValueLimits.key(key), KeyValueLimits.value(value)));
    }

    @Override
    public CompletionStage<Void> putAsync(String key, byte[] value) {
        CompletableFuture<?> write = rows.put(appId, KeyValueLimits.key(key), KeyValueLimits.value(value).clone());
        EndpointWrites.started(write);
        return write.handle((ignored, failure) -> {
            if (failure != null) {
                throw Blocking.translate(Failures.cause(failure));
            }
            return null;
        });
    }

    @Override
    public Map<String, byte[]> getAll(Collection<String> keys) {
        List<String> valid = validKeys(keys);
        return valid.isEmpty() ? new LinkedHashMap<>() : Blocking.await(rows.getAll(appId, valid));
    }

    @Override
    public void putAll(Map<String, byte[]> values) {
        Objects.requireNonNull(values, "values");
        Map<String, byte[]> valid = new LinkedHashMap<>();
        values.forEach((key, value) -> valid.put(KeyValueLimits.key(key), KeyValueLimits.value(value)));
        if (!valid.isEmpty()) {
            Blocking.await(rows.putAll(appId, valid));
        }
    }

    @Override
    public int deleteAll(Collection<String> keys) {
        List<String> valid = validKeys(keys);
        return valid.isEmpty() ? 0 : Blocking.await(rows.deleteAll(appId, valid));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value) {
        return Blocking.await(rows.putIfAbsent(appId, KeyValueLimits.key(key), KeyValueLimits.value(value)));
    }

    @Override
    public boolean delete(String key) {
        return Blocking.await(rows.delete(appId, KeyValueLimits.key(key)));
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        Blocking.await(rows.put(appId, KeyValueLimits.key(key), KeyValueLimits.value(value), KeyValueLimits.ttlMillis(ttl)));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
        return Blocking.await(rows.putIfAbsent(appId, KeyValueLimits.key(key), KeyValueLimits.value(value), KeyValueLimits.ttlMillis(ttl)));
    }

    @Override
    public int deletePrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return Blocking.await(rows.deletePrefix(appId, prefix));
    }

    @Override
    public List<String> keys(String prefix, int limit) {
        Objects.requireNonNull(prefix, "prefix");
        return Blocking.await(rows.keys(appId, prefix, KeyValueLimits.listLimit(limit)));
    }

    /** Every key checked before anything is read or written, so a bad key changes nothing. */
    private static List<String> validKeys(Collection<String> keys) {
        Objects.requireNonNull(keys, "keys");
        return keys.stream().map(KeyValueLimits::key).toList();
    }
}
