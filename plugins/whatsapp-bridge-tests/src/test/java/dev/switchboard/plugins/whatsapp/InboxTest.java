package dev.switchboard.plugins.whatsapp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import dev.switchboard.testkit.FakeKeyValueStore;

class InboxTest {

    @Test
    void keysSortByArrivalAndEncodeTheTime() {
        FakeKeyValueStore store = Fixtures.store();
        Inbox inbox = new Inbox(store);
        String a = inbox.add(new byte[] {1}, 1_000L).key();
        String b = inbox.add(new byte[] {2}, 2_000L).key();
        assertEquals(List.of(a, b), inbox.oldest(10));
        assertTrue(a.startsWith(Inbox.PREFIX + "0000000001000-"), a);
    }

    @Test
    void keysAreAsciiDigitsWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("th-TH-u-nu-thai"));  // String.format would write Thai digits
        try {
            FakeKeyValueStore store = Fixtures.store();
            String key = new Inbox(store, 1000).add(new byte[2500], 1_781_690_400_123L).key();
            assertTrue(key.matches("inbox/1781690400123-[0-9]{6}-[0-9a-f]{8}"), key);
            String id = key.substring(Inbox.PREFIX.length());
            assertEquals(List.of(Inbox.PART_PREFIX + id + "/0000", Inbox.PART_PREFIX + id + "/0001",
                    Inbox.PART_PREFIX + id + "/0002"), store.keys(Inbox.PART_PREFIX));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void bodiesLargerThanOneValueAreSplitAndReassembled() {
        FakeKeyValueStore store = Fixtures.store();
        Inbox inbox = new Inbox(store, 1000);
        byte[] body = new byte[3500];
        new Random(7).nextBytes(body);
        body[0] = '{';
        String key = inbox.add(body, 5L).key();
        assertEquals(4, store.keys(Inbox.PART_PREFIX).size());
        Map<String, Inbox.Entry> read = inbox.readAll(List.of(key, "inbox/gone"));
        assertEquals(List.of(key), List.copyOf(read.keySet()), "an entry no longer stored is left out");
        Inbox.Entry entry = read.get(key);
        assertArrayEquals(body, entry.body());
        assertEquals(4, entry.parts());
        inbox.retireAll(read, 0);
        assertTrue(store.keys("").isEmpty());
    }

    @Test
    void aRetentionKeepsProcessedDeliveriesUntilTheyAreOlderThanIt() {
        FakeKeyValueStore store = Fixtures.store();
        Inbox inbox = new Inbox(store, 1000);
        byte[] small = "{\"object\":\"whatsapp_business_account\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] large = new byte[2500];
        large[0] = '{';
        long t0 = 1_781_690_400_000L;
        String first = inbox.add(small, t0).key();
        String second = inbox.add(large, t0 + 3_600_000L).key();
        inbox.retireAll(inbox.readAll(List.of(first, second)), 2);
        assertTrue(store.keys(Inbox.PREFIX).isEmpty(), "out of the inbox: never processed again");
        assertEquals(2, store.keys(Inbox.DONE_PREFIX).size());
        assertArrayEquals(small, store.get(Inbox.DONE_PREFIX + first.substring(Inbox.PREFIX.length())).orElseThrow());

        assertEquals(0, inbox.pruneDone(t0 + 2 * 3_600_000L - 1, 2));
        assertEquals(1, inbox.pruneDone(t0 + 2 * 3_600_000L + 1, 2), "only the older one");
        assertEquals(3, store.keys(Inbox.PART_PREFIX).size(), "the younger one keeps its parts");
        assertEquals(1, inbox.pruneDone(t0 + 3_600_001L, 0), "retention 0 removes every processed delivery");
        assertTrue(store.keys("").isEmpty());
    }
}
