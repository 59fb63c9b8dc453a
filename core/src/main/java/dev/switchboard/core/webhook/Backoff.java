package dev.switchboard.core.webhook;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a lane waits after its head event failed: one second after the first failure, doubling with each further
 * one up to {@code max}, each wait drawn between half and all of that ("equal jitter"), so receivers coming back are
 * not hit by every host at the same instant.
 */
public final class Backoff {
    private static final long FIRST_MILLIS = 1000;

    private Backoff() { }

    /** The wait after failure number {@code attempts} (1 for the first). */
    public static long delayMillis(int attempts, Duration max) {
        long ceiling = Math.max(1, max.toMillis());
        int doublings = Math.min(Math.max(attempts, 1) - 1, 30);
        long full = Math.min(ceiling, FIRST_MILLIS << doublings);
        long half = full / 2;
        return half + ThreadLocalRandom.current().nextLong(full - half + 1);
    }
}
