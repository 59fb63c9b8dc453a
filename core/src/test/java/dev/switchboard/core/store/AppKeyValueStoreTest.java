package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Apps' key-value store ({@link AppKeyValueRows}) on SQLite and PostgreSQL. */
class AppKeyValueStoreTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @StoreTest
    void getPutDelete(TestDatabase db) throws Exception {
        AppKeyValueRows kv = new AppKeyValueRows(db.database(), Clock.systemUTC());
        assertEquals(Optional.empty(), await(kv.get("app", "k")));

        await(kv.put("app", "k", bytes("one")));
        assertArrayEquals(bytes("one"), await(kv.get("app", "k")).orElseThrow());
        await(kv.put("app", "k", bytes("two")));
        assertArrayEquals(bytes("two"), await(kv.get("app", "k")).orElseThrow());

        assertTrue(await(kv.delete("app", "k")));
        assertFalse(await(kv.delete("app", "k")));
        assertEquals(Optional.empty(), await(kv.get("app", "k")));
    }

    @StoreTest
    void binaryValuesRoundTripIncludingZeroBytes(TestDatabase db) throws Exception {
        AppKeyValueRows kv = new AppKeyValueRows(db.database(), Clock.systemUTC());
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        byte[] zeros = {0, 0, 0, 1, 0};
        await(kv.put("app", "all", all));
        await(kv.put("app", "zeros", zeros));
        await(kv.put("app", "empty", new byte[0]));
        assertTrue(await(kv.putIfAbsent("app", "nul-first", new byte[] {0, 'x'})));

        assertArrayEquals(all, await(kv.get("app", "all")).orElseThrow());
        assertArrayEquals(zeros, await(kv.get("app", "zeros")).orElseThrow());
        assertArrayEquals(new byte[0], await(kv.get("app", "empty")).orElseThrow());
        assertArrayEquals(new byte[] {0, 'x'}, await(kv.get("app", "nul-first")).orElseThrow());
    }

    @StoreTest
    void putIfAbsentHasExactlyOneWinnerUnderConcurrency(TestDatabase db) throws Exception {
        AppKeyValueRows kv = new AppKeyValueRows(db.database(), Clock.systemUTC());
        AppKeyValueRows other = new AppKeyValueRows(db.anotherNode(), Clock.systemUTC());
        List<CompletableFuture<Boolean>> racers = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            racers.add((i % 2 == 0 ? kv : other).putIfAbsent("app", "lock", bytes("racer-" + i)));
        }
        int winners = 0;
        String winner = null;
        for (int i = 0; i < racers.size(); i++) {
            if (await(racers.get(i))) {
                winners++;
                winner = "racer-" + i;
            }
        }
        assertEquals(1, winners);
        assertEquals(winner, new String(await(kv.get("app", "lock")).orElseThrow(), StandardCharsets.UTF_8));
        assertFalse(await(kv.putIfAbsent("app", "lock", bytes("late"))));
        assertTrue(await(kv.putIfAbsent("other-app", "lock", bytes("mine"))), "per app");
    }

    @StoreTest
    void keysByPrefixAreSortedByteWiseAndLimited(TestDatabase db) throws Exception {
        AppKeyValueRows kv = new AppKeyValueRows(db.database(), Clock.systemUTC());
        // Byte-wise (UTF-8) order: "Z" < "a" < "z" < "~" < "é" (C3 A9) < "\uFF01" (EF BC 81) < "😀" (F0 9F 98 80).
        List<String> keys = List.of("c/😀", "c/é", "c/~", "c/z", "c/a", "c/Z", "c/\uFF01", "c/a/1", "c/a/2");
        for (String key : keys) {
            await(kv.put("app", key, bytes(key)));
        }
        await(kv.put("app", "b", bytes("before")));
        await(kv.put("app", "c0", bytes("after: '0' follows '/'")));
        await(kv.put("app", "d", bytes("after")));
        await(kv.put("other-app", "c/other", bytes("not mine")));

        assertEquals(List.of("c/Z", "c/a", "c/a/1", "c/a/2", "c/z", "c/~", "c/é", "c/\uFF01", "c/😀"),
                await(kv.keys("app", "c/", 100)));
        assertEquals(List.of("c/Z", "c/a", "c/a/1"), await(kv.keys("app", "c/", 3)));
        assertEquals(List.of("c/a", "c/a/1", "c/a/2"), await(kv.keys("app", "c/a", 100)));
        assertEquals(List.of("c/é"), await(kv.keys("app", "c/é", 100)), "a multibyte prefix");
        assertEquals(List.of("c/😀"), await(kv.keys("app", "c/😀", 100)), "a supplementary-plane prefix");
        assertEquals(List.of(), await(kv.keys("app", "c/x", 100)));
        assertEquals(List.of("b", "c/Z"), await(kv.keys("app", "", 2)), "the empty prefix is every key");
        assertEquals(List.of("c/other"), await(kv.keys("other-app", "", 100)));
        assertEquals(12, await(kv.keys("app", "", 100)).size());
    }
}
