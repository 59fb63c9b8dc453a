package dev.switchboard.core.visitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RandomIdsTest {
    @Test
    void randomIdsHaveRocketChatShapes() {
        String id = RandomIds.id();
        assertEquals(17, id.length());
        assertTrue(id.matches("[2-9A-HJ-NP-TW-Za-km-z]{17}"));
        assertTrue(RandomIds.token().matches("[0-9a-f]{32}"));
    }

    @Test
    void idsSortByCreationTimeAndDifferWithinOneMillisecond() {
        long now = 1_795_000_000_000L;
        String first = RandomIds.id(now);
        String sameMillisecond = RandomIds.id(now);
        String later = RandomIds.id(now + 1);

        assertEquals(first.substring(0, 8), sameMillisecond.substring(0, 8));
        assertNotEquals(first, sameMillisecond);
        assertTrue(later.compareTo(first) > 0 && later.compareTo(sameMillisecond) > 0);
        assertTrue(RandomIds.id(now + 86_400_000L * 365 * 2000).compareTo(later) > 0, "still ordered in 2000 years");
    }
}
