package dev.switchboard.core.plugin;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Warnings that a misbehaving app can trigger on every request: the first of each key is logged, then at most one
 * per interval, saying how many were left out since, so a flood of timeouts is a few lines, not a full disk.
 */
final class ThrottledLog {
    private final Logger log;
    private final long intervalNanos;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** The last line logged for one key and how many were left out since. */
    private static final class Window {
        final AtomicLong lastNanos;
        final AtomicInteger skipped = new AtomicInteger();

        Window(long lastNanos) {
            this.lastNanos = new AtomicLong(lastNanos);
        }
    }

    ThrottledLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs {@code format} (SLF4J style) unless a line with {@code key} was logged within the interval. */
    void warn(String key, String format, Object... arguments) {
        long now = System.nanoTime();
        Window window = windows.computeIfAbsent(key, ignored -> new Window(now - intervalNanos));
        long last = window.lastNanos.get();
        if (now - last < intervalNanos || !window.lastNanos.compareAndSet(last, now)) {
            window.skipped.incrementAndGet();
            return;
        }
        int skipped = window.skipped.getAndSet(0);
        if (skipped == 0) {
            log.warn(format, arguments);
        } else {
            Object[] withCount = Arrays.copyOf(arguments, arguments.length + 1);
            withCount[arguments.length] = skipped;
            log.warn(format + " ({} more like it were not logged)", withCount);
        }
    }
}
