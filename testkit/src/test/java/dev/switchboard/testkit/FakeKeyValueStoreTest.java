package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.plugin.KeyValueLimits;
import dev.switchboard.spi.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeKeyValueStoreTest {
    private static final byte[] V = "v".getBytes(StandardCharsets.UTF_8);
    private final TestClock clock = new TestClock();
    private final FakeKeyValueStore store = new FakeKeyValueStore(clock);

    @Test
    void anExpiredKeyIsAbsentForEveryMethodAndCanBeTakenAgain() {
        assertTrue(store.putIfAbsent("idem/1", V, Duration.ofMinutes(5)));
        assertFalse(store.putIfAbsent("idem/1", V, Duration.ofMinutes(5)));
        store.put("plain", V);
        clock.advance(Duration.ofMinutes(5));
        assertTrue(store.get("idem/1").isEmpty());
        assertEquals(List.of("plain"), store.keys("", 10));
        assertFalse(store.delete("idem/1"), "expired: did not exist");
        assertTrue(store.putIfAbsent("idem/1", V, Duration.ofMinutes(5)));
        store.put("idem/1", V);
        clock.advance(Duration.ofDays(1));
        assertTrue(store.get("idem/1").isPresent(), "a plain put clears the expiry");
    }

    @Test
    void deletePrefixCountsLiveKeysAndLeavesOthers() {
        for (String key : List.of("p/a", "p/b", "p", "p0", "q")) {
            store.put(key, V);
        }
        store.put("p/old", V, Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(2, store.deletePrefix("p/"));
        assertEquals(List.of("p", "p0", "q"), store.keys("", 10));
        assertEquals(List.of("p", "p0"), store.keys("p", 10));
        assertEquals(List.of("p"), store.keys("p", 1));
    }

    @Test
    void valuesAreCopiedAndTheHostsLimitsApply() {
        byte[] value = {1, 2};
        store.put("k", value);
        value[0] = 9;
        byte[] read = store.get("k").orElseThrow();
        assertArrayEquals(new byte[] {1, 2}, read);
        read[1] = 9;
        assertArrayEquals(new byte[] {1, 2}, store.get("k").orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> store.put("", V));
        assertThrows(IllegalArgumentException.class, () -> store.put("x".repeat(KeyValueStore.MAX_KEY_LENGTH + 1), V));
        assertThrows(IllegalArgumentException.class, () -> store.put("k", new byte[KeyValueStore.MAX_VALUE_BYTES + 1]));
        assertThrows(IllegalArgumentException.class, () -> store.put("k", V, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> store.keys("", 0));
        assertThrows(NullPointerException.class, () -> store.put(null, V));
    }

    @Test
    void keysWithoutALimitListEveryLiveKeyOfThePrefixBeyondOnePage() {
        for (int i = 0; i < KeyValueLimits.MAX_LIST + 5; i++) {
            store.put(String.format("inbox/%05d", i), V);
        }
        store.put("inbox/zz-expiring", V, Duration.ofSeconds(1));
        store.put("other", V);
        assertEquals(KeyValueLimits.MAX_LIST, store.keys("inbox/", KeyValueLimits.MAX_LIST).size(),
                "one page at most");
        clock.advance(Duration.ofSeconds(1));
        List<String> all = store.keys("inbox/");
        assertEquals(KeyValueLimits.MAX_LIST + 5, all.size());
        assertEquals("inbox/00000", all.get(0));
        assertEquals(KeyValueLimits.MAX_LIST + 6, store.keys("").size());
    }

    @Test
    void batchCallsFollowTheSingleOnesAndCheckEveryKeyFirst() {
        store.putAll(java.util.Map.of("b/1", V, "b/2", new byte[0]));
        store.put("b/old", V, Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        java.util.Map<String, byte[]> found = store.getAll(List.of("b/2", "b/1", "b/old", "b/none", "b/1"));
        assertEquals(List.of("b/2", "b/1"), List.copyOf(found.keySet()));
        found.get("b/1")[0] = 'x';
        assertArrayEquals(V, store.get("b/1").orElseThrow(), "values are copies");

        String tooLong = "k".repeat(KeyValueStore.MAX_KEY_LENGTH + 1);
        java.util.Map<String, byte[]> bad = new java.util.LinkedHashMap<>();
        bad.put("b/3", V);
        bad.put(tooLong, V);
        assertThrows(IllegalArgumentException.class, () -> store.putAll(bad));
        assertFalse(store.get("b/3").isPresent(), "nothing stored");
        assertThrows(IllegalArgumentException.class, () -> store.deleteAll(List.of("b/1", tooLong)));
        assertTrue(store.get("b/1").isPresent(), "nothing deleted");

        assertEquals(1, store.deleteAll(List.of("b/1", "b/1", "b/old", "b/none")));
        assertEquals(List.of("b/2"), store.keys("b/"));
    }
}
