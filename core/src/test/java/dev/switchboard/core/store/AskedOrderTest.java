package dev.switchboard.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A batch read answers in the order its keys were asked for, leaving out the keys it did not find. */
class AskedOrderTest {
    @Test
    void answersInTheAskedOrderWithoutTheMissingKeys() {
        Map<String, Integer> found = new HashMap<>(Map.of("a", 1, "b", 2, "c", 3, "unasked", 4));
        Map<String, Integer> ordered = AskedOrder.of(List.of("c", "missing", "a", "b"), found);
        assertEquals(List.of("c", "a", "b"), List.copyOf(ordered.keySet()));
        assertEquals(List.of(3, 1, 2), List.copyOf(ordered.values()));
    }

    @Test
    void answersNothingWhenNothingWasFound() {
        assertEquals(Map.of(), AskedOrder.of(List.of("a", "b"), Map.of()));
        assertEquals(Map.of(), AskedOrder.of(List.of(), Map.of("a", 1)));
    }
}
