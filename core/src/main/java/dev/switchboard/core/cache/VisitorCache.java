package dev.switchboard.core.cache;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.switchboard.core.visitor.Visitor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Visitors by token. Bounded; absent tokens are remembered briefly (so unknown tokens cannot hammer the
 * database) and present ones longer. Writers invalidate after their commit, so a read that follows a write
 * reloads; the TTL only bounds staleness when an invalidation from another node is missed.
 */
public final class VisitorCache {
    /** Sizes and lifetimes. */
    public record Settings(long maximumSize, Duration presentTtl, Duration absentTtl) {
        public static final Settings DEFAULT =
                new Settings(100_000, Duration.ofSeconds(60), Duration.ofSeconds(5));
    }

    private final AsyncLoadingCache<String, Optional<CachedVisitor>> byToken;
    private final Function<String, CompletableFuture<Optional<Visitor>>> loader;
    private volatile BooleanSupplier bypass = () -> false;

    public VisitorCache(Function<String, CompletableFuture<Optional<Visitor>>> loader, Settings settings) {
        this.byToken = Caffeine.newBuilder()
                .maximumSize(settings.maximumSize())
                .expireAfter(new PresentOrAbsentExpiry(settings))
                .recordStats()
                // Maintenance is tiny: doing it on the calling thread beats a hand-off to the common pool.
                .executor(Runnable::run)
                .buildAsync((token, executor) -> loader.apply(token).thenApply(found -> found.map(CachedVisitor::new)));
        this.loader = loader;
    }

    /**
     * While {@code bypass} says true, reads go to the store and nothing is cached (e.g. while this node cannot
     * hear other nodes' invalidations).
     */
    public void setBypass(BooleanSupplier bypass) {
        this.bypass = bypass;
    }

    /** The visitor with {@code token}, from memory when possible. */
    public CompletableFuture<Optional<CachedVisitor>> get(String token) {
        if (bypass.getAsBoolean()) {
            return loader.apply(token).thenApply(found -> found.map(CachedVisitor::new));
        }
        return byToken.get(token);
    }

    /** Forgets these tokens (nulls are skipped). Call after the commit that changed them. */
    public void invalidate(String... tokens) {
        for (String token : tokens) {
            if (token != null) {
                byToken.synchronous().invalidate(token);
            }
        }
    }

    /** Forgets everything, e.g. when invalidations from other nodes may have been missed. */
    public void invalidateAll() {
        byToken.synchronous().invalidateAll();
    }

    /** Hit rate, size and evictions as Micrometer's cache metrics, tagged {@code cache=visitors}. */
    public void registerMetrics(MeterRegistry registry) {
        CaffeineCacheMetrics.monitor(registry, byToken, "visitors");
    }

    public CacheStats stats() {
        return byToken.synchronous().stats();
    }

    private static final class PresentOrAbsentExpiry implements Expiry<String, Optional<CachedVisitor>> {
        private final long presentNanos;
        private final long absentNanos;

        PresentOrAbsentExpiry(Settings settings) {
            this.presentNanos = settings.presentTtl().toNanos();
            this.absentNanos = settings.absentTtl().toNanos();
        }

        @Override
        public long expireAfterCreate(String key, Optional<CachedVisitor> value, long currentTime) {
            return value.isPresent() ? presentNanos : absentNanos;
        }

        @Override
        public long expireAfterUpdate(String key, Optional<CachedVisitor> value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(String key, Optional<CachedVisitor> value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
