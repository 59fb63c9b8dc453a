package dev.switchboard.plugins.whatsapp;

import dev.switchboard.spi.KeyValueStore;
import java.nio.charset.StandardCharsets;
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
     * Records an inbound message, unless a newer one is recorded already (a late retry of an older message does
     * not shorten the window).
     *
     * @param visitorId the visitor who wrote
     * @param seconds   the message's {@code timestamp}
     */
    void inbound(String visitorId, long seconds) {
        Long stored = lastInbound(visitorId).orElse(null);
        if (stored == null || seconds > stored) {
            store.put(PREFIX + visitorId, Long.toString(seconds).getBytes(StandardCharsets.US_ASCII));
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
