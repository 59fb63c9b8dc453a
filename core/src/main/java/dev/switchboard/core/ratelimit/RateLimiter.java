package dev.switchboard.core.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fixed-window counters per (route, client address), as Rocket.Chat's limiter counts. Shared by every event loop:
 * each counter is an {@link AtomicReference} updated by compare-and-set, so there is no lock and no blocking.
 * Memory is bounded: at most {@link #MAX_CLIENTS} counters, each forgotten once idle for the longest window
 * (by then its window is surely over).
 */
public final class RateLimiter {
    static final long MAX_CLIENTS = 200_000;

    /** What one request was told. {@code resetAt} is epoch milliseconds, as Rocket.Chat's header carries. */
    public record Decision(boolean allowed, int limit, int remaining, long resetAt) {
        /** Whole seconds until the window resets, rounded up, for the 429 message. */
        public long secondsToWait(long now) {
            return Math.max(0, (resetAt - now + 999) / 1000);
        }
    }

    private record Window(long resetAt, int count) { }

    private record Key(String route, String client) { }

    private final Cache<Key, AtomicReference<Window>> windows;

    public RateLimiter(List<RateLimitRule> rules) {
        long longest = rules.stream().mapToLong(rule -> rule.window().toMillis()).max().orElse(60_000);
        this.windows = Caffeine.newBuilder()
                .maximumSize(MAX_CLIENTS)
                .expireAfterAccess(Duration.ofMillis(longest).toMillis(), TimeUnit.MILLISECONDS)
                .build();
    }

    /** Counts one request of {@code client} to {@code rule}'s route at {@code now} (epoch ms). */
    public Decision acquire(RateLimitRule rule, String client, long now) {
        AtomicReference<Window> counter = windows.get(new Key(rule.key(), client),
                key -> new AtomicReference<>(new Window(now + rule.window().toMillis(), 0)));
        while (true) {
            Window current = counter.get();
            Window next = now >= current.resetAt()
                    ? new Window(now + rule.window().toMillis(), 1)
                    : new Window(current.resetAt(), Math.min(current.count() + 1, rule.limit() + 1));
            if (counter.compareAndSet(current, next)) {
                boolean allowed = next.count() <= rule.limit();
                return new Decision(allowed, rule.limit(), Math.max(0, rule.limit() - next.count()),
                        next.resetAt());
            }
        }
    }
}
