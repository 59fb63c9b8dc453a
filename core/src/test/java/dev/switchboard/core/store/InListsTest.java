package dev.switchboard.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * IN lists grow to the next power of two by repeating their last value, and rows of multi-row statements are cut
 * into runs of powers of two, so few statement texts are prepared.
 */
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
    void cutsRowsIntoRunsOfPowersOfTwoLongestFirstInOrder() {
        assertEquals(List.of(List.of("a")), InLists.powerOfTwoRuns(List.of("a")));
        assertEquals(List.of(List.of("a", "b"), List.of("c")), InLists.powerOfTwoRuns(List.of("a", "b", "c")));
        List<Integer> rows = IntStream.range(0, 45).boxed().toList();
        List<List<Integer>> runs = InLists.powerOfTwoRuns(rows);
        assertEquals(List.of(32, 8, 4, 1), runs.stream().map(List::size).toList());
        assertEquals(rows, runs.stream().flatMap(List::stream).toList(), "every row once, in order");
        assertEquals(List.of(), InLists.powerOfTwoRuns(List.of()));
    }

    @Test
    void markersMatchTheListLength() {
        assertEquals("?", InLists.markers(1));
        assertEquals("?, ?, ?, ?", InLists.markers(4));
        assertEquals("(?)", InLists.valueRows(1));
        assertEquals("(?), (?), (?), (?)", InLists.valueRows(4));
    }
}
