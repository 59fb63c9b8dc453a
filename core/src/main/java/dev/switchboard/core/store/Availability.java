package dev.switchboard.core.store;

import java.util.concurrent.TimeUnit;

/**
 * Whether the last attempt to reach the database failed. While it is down, work that already waited in a queue
 * for {@link #FAIL_FAST_AFTER_MILLIS} is answered 503 at once instead of waiting for a connection in turn, so a
 * backlog cannot push answers past a few seconds; the first attempt that gets a connection marks it up again.
 */
final class Availability {
    static final long FAIL_FAST_AFTER_MILLIS = 1_000;

    private volatile boolean down;

    void failed() {
        down = true;
    }

    void succeeded() {
        down = false;
    }

    boolean down() {
        return down;
    }

    /** True when work queued at {@code enqueuedNanos} should not wait for a connection any more. */
    boolean failFast(long enqueuedNanos) {
        return down && System.nanoTime() - enqueuedNanos > TimeUnit.MILLISECONDS.toNanos(FAIL_FAST_AFTER_MILLIS);
    }
}
