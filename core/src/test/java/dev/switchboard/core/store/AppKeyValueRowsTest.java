package dev.switchboard.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AppKeyValueRowsTest {

    @Test
    void upperBoundIncrementsTheLastCharacter() {
        assertEquals("p0", AppKeyValueRows.upperBound("p/"));
        assertEquals("b", AppKeyValueRows.upperBound("a"));
        assertEquals("contact/+1", AppKeyValueRows.upperBound("contact/+0"));
    }

    @Test
    void upperBoundSkipsTrailingMaxCharacters() {
        assertEquals("b", AppKeyValueRows.upperBound("a\uffff"));
        assertEquals("b", AppKeyValueRows.upperBound("a\uffff\uffff"));
    }

    @Test
    void upperBoundOfNothingIncrementableIsNone() {
        assertNull(AppKeyValueRows.upperBound(""));
        assertNull(AppKeyValueRows.upperBound("\uffff"));
    }

    @Test
    void everyKeyWithThePrefixSortsBelowTheBound() {
        String prefix = "idem/";
        String upper = AppKeyValueRows.upperBound(prefix);
        for (String key : new String[] {"idem/", "idem/a", "idem/\uffff\uffff", "idem/zzzz"}) {
            assertTrue(key.compareTo(upper) < 0, key);
        }
        assertTrue("idem0".compareTo(upper) >= 0);
    }
}
