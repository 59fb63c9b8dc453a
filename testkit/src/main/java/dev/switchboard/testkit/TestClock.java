package dev.switchboard.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when the test moves it: key-value expiry and visitors' timestamps follow it. */
public final class TestClock extends Clock {
    private final AtomicLong millis;

    /** A clock at 2026-01-01T00:00:00Z. */
    public TestClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    /**
     * A clock at {@code start}.
     *
     * @param start the first instant it shows
     */
    public TestClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    /**
     * Moves the clock forward.
     *
     * @param duration how far; not negative
     */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a clock does not go back");
        }
        millis.addAndGet(duration.toMillis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }
}
