package dev.switchboard.plugins.whatsapp;

import dev.switchboard.spi.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * WhatsApp's customer-service window: a business may send free-form messages to a user only within 24 hours of
 * that user's last inbound message (after that only approved templates). The bridge remembers, per visitor, the
 * {@code timestamp} of the newest inbound message (Meta's time, identical in every retry) under
 * {@code window/<visitorId>} (unix seconds as text), and checks it before every send. The key lives as long as
 * the visitor: the erasure hook removes it.
 */
final class ServiceWindow {

    static final String PREFIX = "window/";
    static final long LENGTH_SECONDS = 24 * 3600L;

    private final KeyValueStore store;

    ServiceWindow(KeyValueStore store) {
        this.store = store;
    }

    /**
     * Records visitors' inbound messages in one read and at most one write of the store: each visitor's time,
     * unless a newer one is recorded already (a late retry of an older message does not shorten the window).
     *
     * @param newest each visitor's newest message's {@code timestamp} among those recorded now, by visitor id
     */
    void inboundAll(Map<String, Long> newest) {
        if (newest.isEmpty()) {
            return;
        }
        Map<String, byte[]> stored = store.getAll(newest.keySet().stream().map(id -> PREFIX + id).toList());
        Map<String, byte[]> newer = new LinkedHashMap<>();
        newest.forEach((visitorId, seconds) -> {
            byte[] value = stored.get(PREFIX + visitorId);
            Long last = value == null ? null : VisitorLinker.seconds(new String(value, StandardCharsets.US_ASCII));
            if (last == null || seconds > last) {
                newer.put(PREFIX + visitorId, Long.toString(seconds).getBytes(StandardCharsets.US_ASCII));
            }
        });
        if (!newer.isEmpty()) {
            store.putAll(newer);
        }
    }

    /** The newest inbound message's time (unix seconds), or empty when the visitor never wrote on WhatsApp. */
    Optional<Long> lastInbound(String visitorId) {
        return store.get(PREFIX + visitorId).map(v -> VisitorLinker.seconds(new String(v, StandardCharsets.US_ASCII)));
    }

    /** Whether the window is open at {@code nowSeconds}: the visitor wrote less than 24 hours before it. */
    boolean isOpen(String visitorId, long nowSeconds) {
        return lastInbound(visitorId).map(last -> nowSeconds - last < LENGTH_SECONDS).orElse(false);
    }

    /** Forgets a visitor's window (erasure). */
    void forget(String visitorId) {
        store.delete(PREFIX + visitorId);
    }
}
