package dev.switchboard.core.store;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A batch read's answer in the order its keys were asked for: an {@code IN} list comes back in whatever order the
 * database reads it, and callers of a "get these" method expect their own order.
 */
final class AskedOrder {
    private AskedOrder() { }

    /** What {@code found} holds for {@code keys}, in the order of {@code keys}; a key without a value is left out. */
    static <K, V> Map<K, V> of(Collection<K> keys, Map<K, V> found) {
        Map<K, V> ordered = new LinkedHashMap<>();
        for (K key : keys) {
            V value = found.get(key);
            if (value != null) {
                ordered.put(key, value);
            }
        }
        return ordered;
    }
}
