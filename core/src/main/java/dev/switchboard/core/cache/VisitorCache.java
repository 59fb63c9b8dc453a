package dev.switchboard.core.cache;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.switchboard.core.visitor.Visitor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
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
    private final Executor absentExpiry;
    private volatile BooleanSupplier bypass = () -> false;

    public VisitorCache(Function<String, CompletableFuture<Optional<Visitor>>> loader, Settings settings) {
        // Runs on the JDK's delay thread, which only schedules: a removal is a few map operations.
        this.absentExpiry = CompletableFuture.delayedExecutor(settings.absentTtl().toNanos(), TimeUnit.NANOSECONDS,
                Runnable::run);
        this.byToken = Caffeine.newBuilder()
                .maximumSize(settings.maximumSize())
                // One lifetime for all entries, counted from the load: with a lifetime per entry Caffeine moves the
                // entry in its timer wheel on every read, half of what the cache cost a GET by token (JFR, scenario
                // 1: 16% of the event loops' samples in the cache, 7% without). Absent entries go sooner, below.
                .expireAfterWrite(settings.presentTtl())
                .recordStats()
                // Maintenance is tiny: doing it on the calling thread beats a hand-off to the common pool.
                .executor(Runnable::run)
                .buildAsync((token, executor) -> loader.apply(token).thenApply(found -> {
                    if (found.isEmpty()) {
                        forgetAbsentLater(token);
                    }
                    return found.map(CachedVisitor::new);
                }));
        this.loader = loader;
    }

    /**
     * Drops {@code token}'s entry after the absent lifetime if it is absent then. A visitor registered meanwhile had
     * its entry invalidated by the writer and loaded again as present, which stays; a load still in flight stays. An
     * absent entry loaded again in between goes with the earlier one's removal: the setting bounds its lifetime.
     */
    private void forgetAbsentLater(String token) {
        absentExpiry.execute(() -> byToken.asMap().computeIfPresent(token, (key, entry) ->
                entry.isDone() && !entry.isCompletedExceptionally() && entry.join().isEmpty() ? null : entry));
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
}
