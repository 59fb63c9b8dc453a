package dev.switchboard.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IN lists grow to the next power of two by repeating their last value, so few statement texts are prepared. */
class InListsTest {
    @Test
    void padsToTheNextPowerOfTwoWithTheLastValue() {
        assertEquals(List.of("a"), InLists.padded(List.of("a")));
        assertEquals(List.of("a", "b"), InLists.padded(List.of("a", "b")));
        assertEquals(List.of("a", "b", "c", "c"), InLists.padded(List.of("a", "b", "c")));
        assertEquals(8, InLists.padded(List.of("1", "2", "3", "4", "5")).size());
        assertEquals(128, InLists.padded(Collections.nCopies(65, "x")).size());
    }

    @Test
    void markersMatchTheListLength() {
        assertEquals("?", InLists.markers(1));
        assertEquals("?, ?, ?, ?", InLists.markers(4));
        assertEquals("(?)", InLists.valueRows(1));
        assertEquals("(?), (?), (?), (?)", InLists.valueRows(4));
    }
}
