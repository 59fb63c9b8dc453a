package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static dev.switchboard.core.store.StoreTests.scalar;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** Expiry and prefix deletion of {@link AppKeyValueRows} (SPI 1.4) on SQLite and PostgreSQL. */
class AppKeyValueStoreTest {
    private static final byte[] V = "v".getBytes(StandardCharsets.UTF_8);

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    @StoreTest
    void anExpiredKeyReadsAsAbsentEverywhereAndAPlainPutClearsTheExpiry(TestDatabase db) throws Exception {
        HandClock clock = new HandClock();
        AppKeyValueRows rows = new AppKeyValueRows(db.database(), clock);
        await(rows.put("app", "t/short", V, 1_000));
        await(rows.put("app", "t/plain", V));
        assertTrue(await(rows.get("app", "t/short")).isPresent());

        clock.millis.addAndGet(1_000);
        assertEquals(Optional.empty(), await(rows.get("app", "t/short")).map(String::new));
        assertEquals(List.of("t/plain"), await(rows.keys("app", "t/", 10)));
        assertFalse(await(rows.delete("app", "t/short")), "an expired key did not exist any more");

        await(rows.put("app", "t/again", V, 1_000));
        await(rows.put("app", "t/again", V));
        clock.millis.addAndGet(10_000);
        assertTrue(await(rows.get("app", "t/again")).isPresent(), "put without expiry keeps the key");
    }

    @StoreTest
    void putsThatWaitTogetherAreStoredAsOneGroupAndAKeyPutTwiceDeclinesIt(TestDatabase db) throws Exception {
        HandClock clock = new HandClock();
        AppKeyValueRows rows = new AppKeyValueRows(db.database(), clock);
        await(rows.put("app", "g/old", V));
        clock.millis.addAndGet(1_000);
        List<AppKeyValueRows.Put> group = List.of(
                new AppKeyValueRows.Put("app", "g/old", bytes("replaced"), 0),
                new AppKeyValueRows.Put("app", "g/new", bytes("new"), 0),
                new AppKeyValueRows.Put("other", "g/old", bytes("another app's"), 0),
                new AppKeyValueRows.Put("app", "g/short", bytes("expires"), 500));
        List<String> stored = StoreTests.rolledBack(db.database(), connection -> {
            assertEquals(4, rows.puts.runAll(connection, group).orElseThrow().size());
            List<String> values = new ArrayList<>();
            for (String[] key : new String[][] {{"app", "g/old"}, {"app", "g/new"}, {"other", "g/old"},
                    {"app", "g/short"}}) {
                try (var statement = connection.prepareStatement(
                        "SELECT value, expires_at FROM app_kv WHERE app_id = ? AND key = ?")) {
                    statement.setString(1, key[0]);
                    statement.setString(2, key[1]);
                    try (var result = statement.executeQuery()) {
                        result.next();
                        values.add(new String(result.getBytes(1), StandardCharsets.UTF_8) + " "
                                + result.getObject(2));
                    }
                }
            }
            return values;
        });
        long expiry = clock.millis.get() + 500;
        assertEquals(List.of("replaced null", "new null", "another app's null", "expires " + expiry), stored);

        List<AppKeyValueRows.Put> twice = List.of(new AppKeyValueRows.Put("app", "g/k", V, 0),
                new AppKeyValueRows.Put("app", "g/k", V, 0));
        assertEquals(Optional.empty(), StoreTests.rolledBack(db.database(),
                connection -> rows.puts.runAll(connection, twice)), "one statement may not change a row twice");
    }

    @StoreTest
    void putIfAbsentWithExpiryTakesAnExpiredKeyOnceAndNeverALiveOne(TestDatabase db) throws Exception {
        HandClock clock = new HandClock();
        AppKeyValueRows rows = new AppKeyValueRows(db.database(), clock);
        assertTrue(await(rows.putIfAbsent("app", "idem", "first".getBytes(StandardCharsets.UTF_8), 5_000)));
        assertFalse(await(rows.putIfAbsent("app", "idem", V, 5_000)), "still live");
        assertFalse(await(rows.putIfAbsent("app", "idem", V)), "still live, without expiry either");

        clock.millis.addAndGet(5_000);
        List<CompletableFuture<Boolean>> racers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            racers.add(rows.putIfAbsent("app", "idem", ("r" + i).getBytes(StandardCharsets.UTF_8), 5_000));
        }
        int winners = 0;
        for (CompletableFuture<Boolean> racer : racers) {
            winners += await(racer) ? 1 : 0;
        }
        assertEquals(1, winners, "exactly one caller takes over the expired key");
        assertEquals("1", scalar(db.database(), "SELECT count(*) FROM app_kv WHERE key = 'idem'"));
    }

    @StoreTest
    void writesWithExpiryPurgeExpiredRowsOfTheirAppOnly(TestDatabase db) throws Exception {
        HandClock clock = new HandClock();
        AppKeyValueRows rows = new AppKeyValueRows(db.database(), clock);
        for (int i = 0; i < 10; i++) {
            await(rows.put("app", "old/" + i, V, 1));
            await(rows.put("other", "old/" + i, V, 1));
        }
        clock.millis.addAndGet(10);
        await(rows.put("app", "new", V, 60_000));
        assertEquals("1", scalar(db.database(), "SELECT count(*) FROM app_kv WHERE app_id = 'app'"));
        assertEquals("10", scalar(db.database(), "SELECT count(*) FROM app_kv WHERE app_id = 'other'"));
    }

    @StoreTest
    void deletePrefixDeletesTheRangeOfOneAppAndCountsLiveKeys(TestDatabase db) throws Exception {
        HandClock clock = new HandClock();
        AppKeyValueRows rows = new AppKeyValueRows(db.database(), clock);
        for (String key : List.of("p/a", "p/b", "p/c", "p", "p0", "q/a")) {
            await(rows.put("app", key, V));
        }
        await(rows.put("app", "p/expired", V, 1));
        await(rows.put("other", "p/a", V));
        clock.millis.addAndGet(5);

        assertEquals(3, await(rows.deletePrefix("app", "p/")));
        assertEquals(List.of("p", "p0", "q/a"), await(rows.keys("app", "", 10)));
        assertEquals("0", scalar(db.database(), "SELECT count(*) FROM app_kv WHERE app_id = 'app' AND key LIKE 'p/%'"));
        assertArrayEquals(V, await(rows.get("other", "p/a")).orElseThrow(), "another app's key is untouched");
        assertEquals(3, await(rows.deletePrefix("app", "")));
        assertEquals(List.of(), await(rows.keys("app", "", 10)));
    }

    @StoreTest
    void batchCallsReadWriteAndDeleteManyKeysOfOneAppAtOnce(TestDatabase db) throws Exception {
        HandClock clock = new HandClock();
        AppKeyValueRows rows = new AppKeyValueRows(db.database(), clock);
        java.util.Map<String, byte[]> values = new java.util.LinkedHashMap<>();
        values.put("b/1", bytes("one"));
        values.put("b/2", bytes("two"));
        await(rows.putAll("app", values));
        await(rows.put("other", "b/1", bytes("theirs")));
        await(rows.put("app", "b/old", V, 1_000));
        clock.millis.addAndGet(1_000);

        java.util.Map<String, byte[]> found = await(rows.getAll("app", List.of("b/2", "b/1", "b/none", "b/old", "b/1")));
        assertEquals(List.of("b/2", "b/1"), new ArrayList<>(found.keySet()), "present keys in the asked order, once");
        assertArrayEquals(bytes("one"), found.get("b/1"), "this app's value, not the other's");

        await(rows.putAll("app", java.util.Map.of("b/1", bytes("uno"))));
        assertArrayEquals(bytes("uno"), await(rows.get("app", "b/1")).orElseThrow(), "replaced");

        assertEquals(1, await(rows.deleteAll("app", List.of("b/1", "b/1", "b/none", "b/old"))),
                "one live key deleted: a repeat counts once, an expired key not at all");
        assertEquals(List.of("b/2"), await(rows.keys("app", "b/", 10)));
        assertEquals("0", scalar(db.database(), "SELECT count(*) FROM app_kv WHERE app_id = 'app' AND key = 'b/old'"),
                "the expired row went too");
        assertArrayEquals(bytes("theirs"), await(rows.get("other", "b/1")).orElseThrow(), "another app's key stays");
    }

    @StoreTest
    void batchCallsOfManyKeysWriteEachKeyAcrossTheirMultiRowStatements(TestDatabase db) throws Exception {
        HandClock clock = new HandClock();
        AppKeyValueRows rows = new AppKeyValueRows(db.database(), clock);
        await(rows.put("app", "m/02", V, 1_000));
        java.util.Map<String, byte[]> values = new java.util.LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 13; i++) { // runs of 8, 4 and 1 rows
            String key = String.format("m/%02d", i);
            keys.add(key);
            values.put(key, bytes("value " + i));
        }
        await(rows.putAll("app", values));
        clock.millis.addAndGet(5_000);

        java.util.Map<String, byte[]> found = await(rows.getAll("app", keys));
        assertEquals(keys, new ArrayList<>(found.keySet()), "every key, the expiring one made permanent");
        for (String key : keys) {
            assertArrayEquals(values.get(key), found.get(key), key);
        }
        assertEquals(13, await(rows.deleteAll("app", keys)));
        assertEquals(List.of(), await(rows.keys("app", "m/", 20)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
