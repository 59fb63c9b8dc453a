package dev.switchboard.plugins.whatsapp;

import dev.switchboard.spi.KeyValueStore;
import java.util.List;
import java.util.function.Consumer;

/**
 * Removes the keys of a prefix that sort before a cutoff, oldest first, in batches: the bridge's time-keyed entries
 * ({@code seen/<day>/…}, {@code inbox-done/<epoch ms>-…}) expire this way. Stops at the first key at or after the
 * cutoff, and on an interrupt.
 */
final class Pruning {

    private Pruning() {
    }

    /**
     * @param beforeDelete called with each key just before it is deleted (to remove what hangs off it)
     * @return the number of keys removed
     */
    static int deleteBefore(KeyValueStore store, String prefix, String cutoff, Consumer<String> beforeDelete) {
        int removed = 0;
        while (!Thread.currentThread().isInterrupted()) {
            List<String> keys = store.keys(prefix, 500);
            int before = removed;
            for (String key : keys) {
                if (key.compareTo(cutoff) >= 0) {
                    return removed;
                }
                beforeDelete.accept(key);
                store.delete(key);
                removed++;
            }
            if (removed == before) {
                return removed;
            }
        }
        return removed;
    }
}
