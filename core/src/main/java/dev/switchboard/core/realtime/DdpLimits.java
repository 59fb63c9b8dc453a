package dev.switchboard.core.realtime;

import java.time.Duration;

/**
 * What one websocket may cost the host.
 *
 * @param heartbeat        silence after which the server sends a DDP {@code ping}; a connection silent for another
 *                         such period is closed (Meteor's 15 s and 15 s)
 * @param maxSubscriptions live subscriptions per connection; more get {@code nosub}
 * @param maxMessageBytes  largest message a client may send; a bigger one closes the connection (1009)
 * @param maxPendingBytes  bytes written to a connection and not yet taken by its client; past this the client is
 *                         too slow (or dead) and the connection is closed (1013), so it never holds others up
 * @param maxBadMessages   messages that are not DDP a connection may send; the next one closes it (1008)
 * @param maxQueuedMessages messages waiting while an earlier one is answered; past this the host stops reading
 *                         the connection until it catches up
 */
public record DdpLimits(Duration heartbeat, int maxSubscriptions, int maxMessageBytes, int maxPendingBytes,
                        int maxBadMessages, int maxQueuedMessages) {
    public static final DdpLimits DEFAULT = new DdpLimits(Duration.ofSeconds(15), 100, 64 * 1024, 1 << 20, 10, 64);

    public DdpLimits {
        if (heartbeat.isNegative() || heartbeat.isZero() || maxSubscriptions < 1 || maxMessageBytes < 1024
                || maxPendingBytes < 1024 || maxBadMessages < 0 || maxQueuedMessages < 1) {
            throw new IllegalArgumentException("Invalid websocket limits");
        }
    }
}
