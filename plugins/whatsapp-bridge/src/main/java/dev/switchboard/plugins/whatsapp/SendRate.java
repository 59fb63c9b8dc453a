package dev.switchboard.plugins.whatsapp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Meta's throughput limit per business phone number (80 messages a second by default, more for numbers Meta
 * upgraded), as a token bucket per {@code phone_number_id} holding one second's worth of messages. A send that
 * finds no token is not an error: the bridge asks the host to deliver it again later, so agents' messages queue
 * in the host's durable outbox instead of failing with Meta's 130429. The buckets are per host process; several
 * hosts sharing one number should divide the setting between them.
 */
final class SendRate {

    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    SendRate(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * Takes a token for one message from {@code phoneNumberId}.
     *
     * @param phoneNumberId the sending number
     * @param perSecond     the number's limit (messages a second), at least 1
     * @return true if the message may be sent now
     */
    boolean tryAcquire(String phoneNumberId, long perSecond) {
        return buckets.computeIfAbsent(phoneNumberId, id -> new Bucket()).tryTake(Math.max(1, perSecond),
                nanoClock.getAsLong());
    }

    private static final class Bucket {
        private double tokens = -1;
        private long last;

        synchronized boolean tryTake(long perSecond, long now) {
            if (tokens < 0) {
                tokens = perSecond;
            } else {
                tokens = Math.min(perSecond, tokens + (now - last) * perSecond / 1e9);
            }
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
