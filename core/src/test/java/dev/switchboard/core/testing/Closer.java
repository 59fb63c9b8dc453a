package dev.switchboard.core.testing;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test opened (its host, browsers, pages, fake servers), closed in the reverse order when the test ends:
 * a page before the browser showing it, a browser before the host it talks to. Every one is closed even when an
 * earlier one fails to; the first failure is thrown with the others suppressed in it.
 */
public final class Closer implements AutoCloseable {
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /** Registers {@code resource} to be closed before everything registered earlier; answers it. */
    public <T extends AutoCloseable> T add(T resource) {
        opened.push(resource);
        return resource;
    }

    /** Closes what was registered, newest first, and forgets it. */
    @Override
    public void close() throws Exception {
        Exception failure = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
