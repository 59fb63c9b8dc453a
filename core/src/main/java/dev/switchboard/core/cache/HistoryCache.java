package dev.switchboard.core.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import dev.switchboard.core.realtime.StreamBus;
import dev.switchboard.core.realtime.StreamEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Rooms' rendered history pages (the bytes of a {@code messages.history} answer), by room and query. Correct by
 * construction rather than by expiry:
 * <ul>
 *   <li>Each cached room watches the {@link StreamBus} for its own message events ({@code stream-room-messages},
 *       {@code <rid>/deleteMessage}, and the host's internal {@link StreamEvent#ROOM_ERASED}), which every write to
 *       a room's messages publishes after its commit, on every node. An event moves the room's generation on.</li>
 *   <li>A page is kept only if the room's generation did not move between {@link #fill} (before the database
 *       read) and {@link Fill#store} (after it): a read racing a write is never kept. A page is served only while
 *       the generation it was stored at is the room's current one.</li>
 *   <li>A page is served only to the visitor that owns the room ({@link #find} takes the caller's visitor id).</li>
 * </ul>
 * Bounded by the bytes it holds; a room's watch ends when its entry leaves. On other nodes a change is seen when
 * its notification arrives (docs/conversations.md, "History pages"); each page's time to live bounds what a
 * notification lost with a crashed node could leave.
 */
public final class HistoryCache {
    /** Bounds: the bytes of all pages, the largest page kept, pages per room, and the backstop lifetime. */
    public record Settings(long maximumBytes, int maximumPageBytes, int pagesPerRoom, Duration timeToLive) {
        /** 32 MiB: about 4,500 rooms' latest pages of 20 ordinary messages (~7 KB each); a constant, for picocli. */
        public static final int DEFAULT_MEBIBYTES = 32;
        public static final Settings DEFAULT = new Settings((long) DEFAULT_MEBIBYTES << 20, 256 << 10, 4,
                Duration.ofSeconds(60));

        /** These settings holding at most {@code bytes} (0: nothing is kept, every read goes to the store). */
        public Settings withMaximumBytes(long bytes) {
            return new Settings(bytes, maximumPageBytes, pagesPerRoom, timeToLive);
        }
    }

    /** What a history request asks for; every parameter that changes the answer. */
    public record Query(Instant end, int offset, int limit) { }

    /** What an entry costs beyond its pages' bytes (the entry, its map, its watch and subscriptions). */
    static final int ENTRY_OVERHEAD = 512;
    /** What a page costs beyond its bytes (its key and map node). */
    static final int PAGE_OVERHEAD = 96;

    private final StreamBus bus;
    private final Settings settings;
    private final ConcurrentStatsCounter stats = new ConcurrentStatsCounter();
    private final Cache<String, RoomPages> rooms;
    private volatile BooleanSupplier bypass;

    public HistoryCache(StreamBus bus, Settings settings) {
        this.bus = bus;
        this.settings = settings;
        setBypass(() -> false);
        this.rooms = Caffeine.newBuilder()
                .maximumWeight(settings.maximumBytes())
                .weigher((String rid, RoomPages entry) -> entry.weight())
                .expireAfterWrite(settings.timeToLive())
                .recordStats(() -> stats)
                .executor(Runnable::run)
                .removalListener((String rid, RoomPages entry, RemovalCause cause) -> {
                    if (entry != null && cause != RemovalCause.REPLACED) {
                        entry.watch().close();
                    }
                })
                .build();
    }

    /**
     * While {@code bypass} says true nothing is served or kept (e.g. while this node cannot hear other nodes); a
     * cache of 0 bytes is always bypassed.
     */
    public void setBypass(BooleanSupplier bypass) {
        this.bypass = settings.maximumBytes() == 0 ? () -> true : bypass;
    }

    /** The page {@code query} of room {@code rid} for visitor {@code visitorId}, or null: read the store. */
    public byte[] find(String rid, String visitorId, Query query) {
        RoomPages entry = bypass.getAsBoolean() ? null : rooms.asMap().get(rid);
        Page page = entry != null && entry.current() && visitorId.equals(entry.owner())
                ? entry.pages().get(query) : null;
        if (page == null || System.nanoTime() - page.storedAt() > settings.timeToLive().toNanos()) {
            stats.recordMisses(1);
            return null;
        }
        stats.recordHits(1);
        return page.body();
    }

    /**
     * Starts filling a page of room {@code rid}: call before the database read, then {@link Fill#store} what it
     * read, or {@link Fill#abandon} when it failed.
     */
    public Fill fill(String rid) {
        if (bypass.getAsBoolean()) {
            return new Fill(rid, null, 0);
        }
        // The watch is subscribed before its generation is read: a change committed after this read's start is
        // heard, and one committed before it is in what the read sees.
        // (compute, not computeIfAbsent, which would count a miss: the statistics count pages asked for in find.)
        Watch watch = rooms.asMap().compute(rid, (ignored, current) ->
                current != null ? current : RoomPages.empty(watch(rid))).watch();
        return new Fill(rid, watch, watch.generation.get());
    }

    /** Room {@code rid}'s messages changed (after the commit): its pages go, on this node at once. */
    public void invalidate(String rid) {
        RoomPages entry = rooms.policy().getIfPresentQuietly(rid);
        if (entry != null) {
            entry.watch().changed();
        }
    }

    /** Forgets every page, e.g. when this node may have missed other nodes' events. */
    public void invalidateAll() {
        rooms.invalidateAll();
    }

    /** Page hits and misses, and evictions, as Micrometer's cache metrics, tagged {@code cache=history}. */
    public void registerMetrics(MeterRegistry registry) {
        CaffeineCacheMetrics.monitor(registry, rooms, "history");
    }

    public CacheStats stats() {
        return stats.snapshot();
    }

    /** The bytes the cache holds by its own count (after pending evictions ran). */
    long weight() {
        rooms.cleanUp();
        return rooms.policy().eviction().orElseThrow().weightedSize().orElseThrow();
    }

    /** A page on its way from the database, with the room's generation from before the read. */
    public final class Fill {
        private final String rid;
        private final Watch watch;
        private final long generation;

        private Fill(String rid, Watch watch, long generation) {
            this.rid = rid;
            this.watch = watch;
            this.generation = generation;
        }

        /**
         * Keeps {@code page} of the room owned by visitor {@code owner} unless the room changed since {@link #fill}
         * (or its entry left the cache meanwhile); true when kept.
         */
        public boolean store(String owner, Query query, byte[] page) {
            if (watch == null || page.length > settings.maximumPageBytes()) {
                return false;
            }
            boolean[] kept = {false};
            rooms.asMap().computeIfPresent(rid, (ignored, current) -> {
                if (current.watch() != watch || watch.generation.get() != generation) {
                    return current;
                }
                kept[0] = true;
                return current.with(owner, generation, query, new Page(page, System.nanoTime()),
                        settings.pagesPerRoom());
            });
            return kept[0];
        }

        /** The read failed (an unknown token or room): an entry it made and nobody filled goes. */
        public void abandon() {
            if (watch != null) {
                rooms.asMap().computeIfPresent(rid, (ignored, current) ->
                        current.watch() == watch && current.pages().isEmpty() ? null : current);
            }
        }
    }

    private Watch watch(String rid) {
        Watch watch = new Watch();
        watch.subscriptions = List.of(
                bus.subscribe(StreamEvent.ROOM_MESSAGES, rid, watch),
                bus.subscribe(StreamEvent.NOTIFY_ROOM, rid + "/deleteMessage", watch),
                bus.subscribe(StreamEvent.ROOM_ERASED, rid, watch));
        return watch;
    }

    /** A cached room's subscriptions and generation: every event of the room moves the generation on. */
    private static final class Watch implements Consumer<StreamEvent> {
        private final AtomicLong generation = new AtomicLong();
        private volatile List<StreamBus.Subscription> subscriptions = List.of();

        @Override
        public void accept(StreamEvent event) {
            changed();
        }

        void changed() {
            generation.incrementAndGet();
        }

        void close() {
            subscriptions.forEach(StreamBus.Subscription::close);
        }
    }

    /** A rendered page and when it was stored ({@link System#nanoTime}), for the time to live. */
    private record Page(byte[] body, long storedAt) { }

    /**
     * One room's entry (immutable; replaced on each store): its owner, the generation its pages were stored at, and
     * the pages, oldest first.
     */
    private record RoomPages(Watch watch, String owner, long generation, Map<Query, Page> pages) {
        static RoomPages empty(Watch watch) {
            return new RoomPages(watch, null, -1, Map.of());
        }

        boolean current() {
            return generation == watch.generation.get();
        }

        /** This entry with {@code page}; pages of an older generation go, and the oldest when the room has many. */
        RoomPages with(String owner, long generation, Query query, Page page, int maximumPages) {
            Map<Query, Page> pages = new LinkedHashMap<>(generation == this.generation ? this.pages : Map.of());
            pages.remove(query);
            pages.put(query, page);
            while (pages.size() > maximumPages) {
                pages.remove(pages.keySet().iterator().next());
            }
            return new RoomPages(watch, owner, generation, pages);
        }

        int weight() {
            int weight = ENTRY_OVERHEAD;
            for (Page page : pages.values()) {
                weight += PAGE_OVERHEAD + page.body().length;
            }
            return weight;
        }
    }
}
