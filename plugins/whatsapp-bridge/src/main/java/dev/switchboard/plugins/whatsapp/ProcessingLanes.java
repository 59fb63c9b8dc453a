package dev.switchboard.plugins.whatsapp;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * How many batches of stored deliveries the bridge processes at once: {@value #CALM_LANES}, or
 * {@value #FLOOD_LANES} while deliveries arrive at {@value #FLOOD_PER_SECOND} a second or more
 * ({@link DeliveryProcessor}): the one drain's own thread, which needs no lane so that the oldest entries always
 * move, and helper tasks, each holding a lane.
 *
 * <p>A lane works through a batch of up to {@value DeliveryProcessor#MAX_BATCH} entries with about seven host calls
 * (reads, one transaction for all the messages, a few batch writes), so a few lanes keep the host's reader and
 * writer busy: while one lane waits for a commit, another prepares its batch. More lanes would not make the
 * 2-core machine faster, and during a flood they would take CPU and threads from accepting (storing each delivery
 * durably and answering Meta 200), which processing shares. The host runs an app's tasks on 32 threads.
 *
 * <p>Deliveries wait in the inbox until a drain (one at a time, {@link #wantDrain}) takes them. One instance per
 * enabled period of the app ({@link #current}); thread-safe.
 */
final class ProcessingLanes {

    /** Lanes while deliveries arrive slower than {@link #FLOOD_PER_SECOND}. */
    static final int CALM_LANES = 6;
    /** Lanes during a flood. */
    static final int FLOOD_LANES = 4;
    /** Arrivals per second from which processing yields to accepting: more than one number sends in earnest. */
    static final int FLOOD_PER_SECOND = 1_000;

    private static volatile ProcessingLanes current = new ProcessingLanes(System::nanoTime);

    private static final long SECOND_NANOS = 1_000_000_000L;

    private final LongSupplier nanoClock;
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean drainWanted = new AtomicBoolean();
    private long second; // guarded by this: the second arrivals are counted in
    private int arrivals; // guarded by this: in that second
    private int arrivalsBefore; // guarded by this: in the second before it

    /** The lanes every extension of this plugin load shares while the app is enabled. */
    static ProcessingLanes current() {
        return current;
    }

    /**
     * Starts afresh when the app is enabled: tasks the host dropped when it was disabled never gave their lanes
     * back (and a dropped drain never ended).
     */
    static void renew() {
        current = new ProcessingLanes(System::nanoTime);
    }

    /** @param nanoClock a monotonic clock in nanoseconds, as {@link System#nanoTime} */
    ProcessingLanes(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.second = Long.MIN_VALUE;
    }

    /** Counts one accepted delivery. */
    synchronized void arrived() {
        roll();
        arrivals++;
    }

    /** True while the current or the last whole second reached {@link #FLOOD_PER_SECOND} arrivals. */
    synchronized boolean flooding() {
        roll();
        return arrivals >= FLOOD_PER_SECOND || arrivalsBefore >= FLOOD_PER_SECOND;
    }

    /** How many deliveries may be processed at once now. */
    int lanes() {
        return flooding() ? FLOOD_LANES : CALM_LANES;
    }

    /** Takes a lane if one is free; a taken lane must be {@link #release released}. */
    boolean tryTake() {
        int limit = lanes();
        for (int now = busy.get(); now < limit; now = busy.get()) {
            if (busy.compareAndSet(now, now + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Gives a lane back. */
    void release() {
        busy.decrementAndGet();
    }

    /**
     * Asks for a drain pass. True when the caller is now the one drain and must run passes while {@link #nextPass}
     * says so, then call {@link #drainEnded}; false when a drain is running, which will make the pass.
     */
    boolean wantDrain() {
        drainWanted.set(true);
        return draining.compareAndSet(false, true);
    }

    /** For the running drain: true (and the wish taken) when a pass was asked for since its last one began. */
    boolean nextPass() {
        return drainWanted.getAndSet(false);
    }

    /** For the running drain: it stops; see {@link #wantedAgain}. */
    void drainEnded() {
        draining.set(false);
    }

    /**
     * After {@link #drainEnded}: true when a pass was asked for between the drain's last pass and its end, and the
     * caller is the one drain again.
     */
    boolean wantedAgain() {
        return drainWanted.get() && draining.compareAndSet(false, true);
    }

    private void roll() {
        long now = Math.floorDiv(nanoClock.getAsLong(), SECOND_NANOS);
        if (now == second) {
            return;
        }
        arrivalsBefore = now == second + 1 ? arrivals : 0;
        arrivals = 0;
        second = now;
    }
}
