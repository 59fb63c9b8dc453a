package dev.switchboard.testkit;

import dev.switchboard.core.plugin.KeyValueLimits;
import dev.switchboard.spi.KeyValueStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One app's key-value store in memory, with the host's rules: the same key and value limits, expiry measured by
 * the given clock (an expired key is absent for every method), atomic {@code putIfAbsent}, keys listed in
 * ascending order, values copied in and out; {@code getAll}, {@code putAll} and {@code deleteAll} check every key
 * and value before touching any. Thread-safe.
 */
public final class FakeKeyValueStore implements KeyValueStore {
    private record Entry(byte[] value, long expiresAt) {
        boolean liveAt(long now) {
            return expiresAt == 0 || expiresAt > now;
        }
    }

    private final ConcurrentSkipListMap<String, Entry> entries = new ConcurrentSkipListMap<>();
    private final Clock clock;

    /**
     * An empty store.
     *
     * @param clock the clock expiry is measured by
     */
    public FakeKeyValueStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Optional<byte[]> get(String key) {
        Entry entry = live(KeyValueLimits.key(key));
        return entry == null ? Optional.empty() : Optional.of(entry.value().clone());
    }

    @Override
    public void put(String key, byte[] value) {
        entries.put(KeyValueLimits.key(key), new Entry(KeyValueLimits.value(value).clone(), 0));
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        long expiresAt = clock.millis() + KeyValueLimits.ttlMillis(ttl);
        entries.put(KeyValueLimits.key(key), new Entry(KeyValueLimits.value(value).clone(), expiresAt));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value) {
        return putIfAbsent(KeyValueLimits.key(key), new Entry(KeyValueLimits.value(value).clone(), 0));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
        long expiresAt = clock.millis() + KeyValueLimits.ttlMillis(ttl);
        return putIfAbsent(KeyValueLimits.key(key), new Entry(KeyValueLimits.value(value).clone(), expiresAt));
    }

    @Override
    public boolean delete(String key) {
        Entry removed = entries.remove(KeyValueLimits.key(key));
        return removed != null && removed.liveAt(clock.millis());
    }

    @Override
    public Map<String, byte[]> getAll(Collection<String> keys) {
        Map<String, byte[]> found = new LinkedHashMap<>();
        for (String key : checked(keys)) {
            Entry entry = live(key);
            if (entry != null) {
                found.put(key, entry.value().clone());
            }
        }
        return found;
    }

    @Override
    public void putAll(Map<String, byte[]> values) {
        Objects.requireNonNull(values, "values");
        Map<String, Entry> checked = new LinkedHashMap<>();
        values.forEach((key, value) ->
                checked.put(KeyValueLimits.key(key), new Entry(KeyValueLimits.value(value).clone(), 0)));
        entries.putAll(checked);
    }

    @Override
    public int deleteAll(Collection<String> keys) {
        long now = clock.millis();
        int live = 0;
        for (String key : checked(keys)) {
            Entry removed = entries.remove(key);
            if (removed != null && removed.liveAt(now)) {
                live++;
            }
        }
        return live;
    }

    @Override
    public int deletePrefix(String prefix) {
        long now = clock.millis();
        int live = 0;
        for (Map.Entry<String, Entry> entry : range(prefix)) {
            if (entries.remove(entry.getKey(), entry.getValue()) && entry.getValue().liveAt(now)) {
                live++;
            }
        }
        return live;
    }

    @Override
    public List<String> keys(String prefix, int limit) {
        int max = KeyValueLimits.listLimit(limit);
        long now = clock.millis();
        return range(prefix).stream()
                .filter(entry -> entry.getValue().liveAt(now))
                .map(Map.Entry::getKey)
                .limit(max)
                .toList();
    }

    /**
     * Returns every live key starting with {@code prefix}, ascending, without the SPI's page limit: for a test's
     * assertions on what the app keeps.
     *
     * @param prefix the prefix; empty for every key
     * @return the keys
     */
    public List<String> keys(String prefix) {
        long now = clock.millis();
        return range(prefix).stream().filter(entry -> entry.getValue().liveAt(now)).map(Map.Entry::getKey).toList();
    }

    private boolean putIfAbsent(String key, Entry next) {
        long now = clock.millis();
        // Atomic like the host's upsert: only an absent or expired entry is replaced.
        boolean[] stored = {false};
        entries.compute(key, (k, current) -> {
            if (current == null || !current.liveAt(now)) {
                stored[0] = true;
                return next;
            }
            return current;
        });
        return stored[0];
    }

    /** The keys without repeats, each checked before any is used, as the host checks them. */
    private static Collection<String> checked(Collection<String> keys) {
        Objects.requireNonNull(keys, "keys");
        Collection<String> distinct = new LinkedHashSet<>();
        for (String key : keys) {
            distinct.add(KeyValueLimits.key(key));
        }
        return distinct;
    }

    private Entry live(String key) {
        Entry entry = entries.get(key);
        return entry != null && entry.liveAt(clock.millis()) ? entry : null;
    }

    /** The entries whose keys start with {@code prefix}, ascending: a sorted map's range, like the host's scan. */
    private List<Map.Entry<String, Entry>> range(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return entries.tailMap(prefix, true).entrySet().stream()
                .takeWhile(entry -> entry.getKey().startsWith(prefix))
                .toList();
    }
}
