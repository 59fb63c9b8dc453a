package dev.switchboard.core.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.cache.HistoryCache.Fill;
import dev.switchboard.core.cache.HistoryCache.Query;
import dev.switchboard.core.realtime.LocalStreamBus;
import dev.switchboard.core.realtime.StreamBus;
import dev.switchboard.core.realtime.StreamEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The history cache's rules: a page is kept only when its room did not change during the read, is served only to
 * the room's visitor and only until the room's next event, and the cache holds no more than its bytes allow, its
 * evicted rooms' subscriptions ended.
 */
class HistoryCacheTest {
    private static final Query LATEST = new Query(null, 0, 20);
    private static final byte[] PAGE = "{\"messages\":[],\"success\":true}".getBytes();

    private final CountingBus bus = new CountingBus();
    private final HistoryCache cache = new HistoryCache(bus, new HistoryCache.Settings(64 << 10, 4 << 10, 2,
            Duration.ofMinutes(5)));

    @Test
    void aStoredPageIsServedToTheRoomsVisitorForItsQueryOnly() {
        assertTrue(cache.fill("r1").store("v1", LATEST, PAGE));
        assertArrayEquals(PAGE, cache.find("r1", "v1", LATEST));
        assertNull(cache.find("r1", "v2", LATEST), "another visitor never reads the room from memory");
        assertNull(cache.find("r1", "v1", new Query(null, 0, 10)), "another query is another page");
        assertNull(cache.find("r2", "v1", LATEST));
        assertEquals(1, cache.stats().hitCount());
        assertEquals(3, cache.stats().missCount());
    }

    @Test
    void aReadRacingAChangeOfItsRoomIsNotKept() {
        Fill racing = cache.fill("r1");
        publishMessage("r1"); // committed while the read ran
        assertFalse(racing.store("v1", LATEST, PAGE));
        assertNull(cache.find("r1", "v1", LATEST));
        // The next read, started after the change, is kept.
        assertTrue(cache.fill("r1").store("v1", LATEST, PAGE));
        assertArrayEquals(PAGE, cache.find("r1", "v1", LATEST));
    }

    @Test
    void aChangeOfAnotherRoomDoesNotStopAFill() {
        Fill fill = cache.fill("r1");
        publishMessage("r2");
        bus.publish(new StreamEvent(StreamEvent.NOTIFY_ROOM, "r1/typing", "[]"));
        assertTrue(fill.store("v1", LATEST, PAGE));
        assertArrayEquals(PAGE, cache.find("r1", "v1", LATEST));
    }

    @Test
    void everyEventOfTheRoomAndALocalInvalidationDropItsPages() {
        for (Consumer<String> change : java.util.List.<Consumer<String>>of(
                this::publishMessage,
                rid -> bus.publish(new StreamEvent(StreamEvent.NOTIFY_ROOM, rid + "/deleteMessage", "[]")),
                rid -> bus.publish(new StreamEvent(StreamEvent.ROOM_ERASED, rid, "[]")),
                cache::invalidate)) {
            assertTrue(cache.fill("r1").store("v1", LATEST, PAGE));
            assertTrue(cache.fill("r1").store("v1", new Query(Instant.EPOCH, 0, 5), PAGE));
            change.accept("r1");
            assertNull(cache.find("r1", "v1", LATEST));
            assertNull(cache.find("r1", "v1", new Query(Instant.EPOCH, 0, 5)), "every page of the room goes");
        }
    }

    @Test
    void aFillAcrossInvalidateAllIsNotKeptAndTheRoomsSubscriptionsEnd() {
        Fill fill = cache.fill("r1");
        assertEquals(3, bus.open.get());
        cache.invalidateAll();
        assertEquals(0, bus.open.get());
        assertFalse(fill.store("v1", LATEST, PAGE));
        assertNull(cache.find("r1", "v1", LATEST));
    }

    @Test
    void whileBypassedNothingIsServedOrKept() {
        assertTrue(cache.fill("r1").store("v1", LATEST, PAGE));
        AtomicBoolean deaf = new AtomicBoolean(true);
        cache.setBypass(deaf::get);
        assertNull(cache.find("r1", "v1", LATEST));
        assertFalse(cache.fill("r2").store("v1", LATEST, PAGE));
        deaf.set(false);
        assertNull(cache.find("r2", "v1", LATEST));
    }

    @Test
    void aCacheOfNoBytesKeepsNothingWhateverTheBypassSays() {
        HistoryCache off = new HistoryCache(bus, HistoryCache.Settings.DEFAULT.withMaximumBytes(0));
        off.setBypass(() -> false);
        assertFalse(off.fill("r1").store("v1", LATEST, PAGE));
        assertNull(off.find("r1", "v1", LATEST));
    }

    @Test
    void aPageOlderThanItsTimeToLiveIsNotServed() throws InterruptedException {
        HistoryCache shortLived = new HistoryCache(bus, new HistoryCache.Settings(64 << 10, 4 << 10, 2,
                Duration.ofMillis(20)));
        assertTrue(shortLived.fill("r1").store("v1", LATEST, PAGE));
        Thread.sleep(40);
        shortLived.fill("r1").store("v1", new Query(null, 0, 5), PAGE); // the room's entry is written again
        assertNull(shortLived.find("r1", "v1", LATEST), "a page's age counts from when it was stored");
    }

    @Test
    void anAbandonedFillLeavesNoEntryBehind() {
        cache.fill("unknown-room").abandon();
        assertEquals(0, bus.open.get());
        assertEquals(0, cache.weight());
    }

    @Test
    void boundsHoldBytesPagesPerRoomAndPageSize() {
        assertFalse(cache.fill("big").store("v1", LATEST, new byte[(4 << 10) + 1]), "over the page limit");
        // Two pages per room: a third query pushes out the room's oldest page.
        Fill fill = cache.fill("r1");
        fill.store("v1", new Query(null, 0, 1), PAGE);
        fill.store("v1", new Query(null, 0, 2), PAGE);
        fill.store("v1", new Query(null, 0, 3), PAGE);
        assertNull(cache.find("r1", "v1", new Query(null, 0, 1)));
        assertArrayEquals(PAGE, cache.find("r1", "v1", new Query(null, 0, 3)));
        // Many rooms of 4 KiB pages in a 64 KiB cache: it stays within its bytes, and evicted rooms unsubscribe.
        byte[] page = new byte[4 << 10];
        for (int room = 0; room < 200; room++) {
            cache.fill("room-" + room).store("v1", LATEST, page);
        }
        long weight = cache.weight();
        assertTrue(weight <= 64 << 10, "held " + weight + " bytes");
        long rooms = weight / (page.length + HistoryCache.PAGE_OVERHEAD + HistoryCache.ENTRY_OVERHEAD);
        assertTrue(bus.open.get() <= 3 * (rooms + 2), bus.open.get() + " subscriptions for ~" + rooms + " rooms");
    }

    private void publishMessage(String rid) {
        bus.publish(new StreamEvent(StreamEvent.ROOM_MESSAGES, rid, "[{}]"));
    }

    /** The real local bus, counting the subscriptions open on it. */
    private static final class CountingBus implements StreamBus {
        private final LocalStreamBus bus = new LocalStreamBus();
        private final AtomicInteger open = new AtomicInteger();

        @Override
        public void publish(StreamEvent event) {
            bus.publish(event);
        }

        @Override
        public Subscription subscribe(String stream, String eventName, Consumer<StreamEvent> listener) {
            Subscription subscription = bus.subscribe(stream, eventName, listener);
            open.incrementAndGet();
            AtomicBoolean closed = new AtomicBoolean();
            return () -> {
                if (closed.compareAndSet(false, true)) {
                    open.decrementAndGet();
                    subscription.close();
                }
            };
        }
    }
}
