package dev.switchboard.plugins.whatsapp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InboxTest {

    @Test
    void keysSortByArrivalAndEncodeTheTime() {
        Fakes.Store store = new Fakes.Store();
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
            Fakes.Store store = new Fakes.Store();
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
        Fakes.Store store = new Fakes.Store();
        Inbox inbox = new Inbox(store, 1000);
        byte[] body = new byte[3500];
        new Random(7).nextBytes(body);
        body[0] = '{';
        String key = inbox.add(body, 5L).key();
        assertEquals(4, store.keys(Inbox.PART_PREFIX).size());
        Inbox.Entry entry = inbox.read(key).orElseThrow();
        assertArrayEquals(body, entry.body());
        assertEquals(4, entry.parts());
        inbox.remove(key, entry);
        assertTrue(store.map.isEmpty());
    }
}
