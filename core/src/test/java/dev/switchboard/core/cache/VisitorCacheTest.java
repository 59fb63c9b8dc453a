package dev.switchboard.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.visitor.Visitor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the token cache promises: hits stay in memory, absent tokens too, and invalidation forces a reload. */
class VisitorCacheTest {
    private final AtomicInteger loads = new AtomicInteger();
    private volatile Optional<Visitor> stored = Optional.empty();
    private final VisitorCache cache = new VisitorCache(token -> {
        loads.incrementAndGet();
        return CompletableFuture.completedFuture(stored);
    }, new VisitorCache.Settings(100, Duration.ofMinutes(1), Duration.ofMinutes(1)));

    @Test
    void repeatedLookupsOfAKnownTokenAreServedFromMemory() {
        stored = Optional.of(visitor("T"));
        CachedVisitor first = cache.get("T").join().orElseThrow();
        CachedVisitor second = cache.get("T").join().orElseThrow();
        assertSame(first, second);
        assertEquals(1, loads.get());
        assertEquals(1, cache.stats().hitCount());
        // The rendering is kept with the entry.
        byte[] rendered = first.rendered(visitor -> new byte[] {1});
        assertSame(rendered, second.rendered(visitor -> new byte[] {2}));
    }

    @Test
    void unknownTokensAreRememberedAsAbsent() {
        assertTrue(cache.get("nobody").join().isEmpty());
        assertTrue(cache.get("nobody").join().isEmpty());
        assertEquals(1, loads.get());
        assertEquals(1, cache.stats().hitCount());
    }

    @Test
    void invalidationMakesTheNextLookupReadTheStoreAgain() {
        assertTrue(cache.get("T").join().isEmpty());
        stored = Optional.of(visitor("T"));
        cache.invalidate("T", null);
        assertEquals("T", cache.get("T").join().orElseThrow().visitor().token());
        assertEquals(2, loads.get());
        assertEquals(2, cache.stats().missCount());
    }

    @Test
    void absentTokensAreForgottenAfterTheirShorterLifetimeAndKnownOnesAreKept() throws InterruptedException {
        VisitorCache shortAbsence = new VisitorCache(token -> {
            loads.incrementAndGet();
            return CompletableFuture.completedFuture(token.equals("T") ? Optional.of(visitor("T")) : Optional.empty());
        }, new VisitorCache.Settings(100, Duration.ofMinutes(1), Duration.ofMillis(50)));
        shortAbsence.get("T").join();
        assertTrue(shortAbsence.get("nobody").join().isEmpty());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (loads.get() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            shortAbsence.get("nobody").join(); // a hit until the absent entry is dropped, then a load
        }
        assertEquals(3, loads.get(), "the absent token was loaded again once its lifetime had passed");
        assertEquals("T", shortAbsence.get("T").join().orElseThrow().visitor().token());
        assertEquals(3, loads.get(), "the known token is still served from memory");
    }

    @Test
    void aTokenRegisteredWhileAbsentStaysOnceLoadedAsPresent() throws InterruptedException {
        VisitorCache shortAbsence = new VisitorCache(token -> {
            loads.incrementAndGet();
            return CompletableFuture.completedFuture(stored);
        }, new VisitorCache.Settings(100, Duration.ofMinutes(1), Duration.ofMillis(50)));
        assertTrue(shortAbsence.get("X").join().isEmpty());
        stored = Optional.of(visitor("X"));
        shortAbsence.invalidate("X"); // as the registration's writer does after its commit
        assertEquals("X", shortAbsence.get("X").join().orElseThrow().visitor().token());
        Thread.sleep(300); // well past the absent entry's removal, which must spare the present one
        assertEquals("X", shortAbsence.get("X").join().orElseThrow().visitor().token());
        assertEquals(2, loads.get(), "loaded absent, then present once");
    }

    private static Visitor visitor(String token) {
        Instant now = Instant.now();
        return new Visitor("id-" + token, token, "guest-1", null, null, null, null, "online", Map.of(), List.of(),
                now, now, null);
    }
}
