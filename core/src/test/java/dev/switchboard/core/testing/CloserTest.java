package dev.switchboard.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A test's resources close newest first, all of them even when one fails, and only once. */
class CloserTest {
    private final List<String> closed = new ArrayList<>();

    @Test
    void closesNewestFirstAndOnlyOnce() throws Exception {
        Closer closer = new Closer();
        AutoCloseable host = () -> closed.add("host");
        assertSame(host, closer.add(host));
        closer.add(() -> closed.add("browser"));
        closer.add(() -> closed.add("page"));
        closer.close();
        closer.close();
        assertEquals(List.of("page", "browser", "host"), closed);
    }

    @Test
    void closesEverythingWhenOneFailsAndThrowsTheFirstFailure() {
        Closer closer = new Closer();
        closer.add(() -> closed.add("host"));
        closer.add(() -> {
            throw new IllegalStateException("browser");
        });
        closer.add(() -> {
            throw new IllegalStateException("page");
        });
        Exception failure = assertThrows(IllegalStateException.class, closer::close);
        assertEquals("page", failure.getMessage());
        assertEquals("browser", failure.getSuppressed()[0].getMessage());
        assertEquals(List.of("host"), closed);
    }
}
