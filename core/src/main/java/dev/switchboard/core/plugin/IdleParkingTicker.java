package dev.switchboard.core.plugin;

import dev.switchboard.core.store.Threads;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Runs a task at a fixed interval on a thread of its own while there is work for it, and parks for good once there
 * has been none for {@value #IDLE_TICKS} intervals, so an idle host is not woken 50 times a second. {@link #wake()}
 * (called whenever work is added) costs a volatile read unless the ticker is parked.
 */
final class IdleParkingTicker implements AutoCloseable {
    /** Intervals without work before the ticker parks: a wake-up at most once per second at 20 ms. */
    static final int IDLE_TICKS = 50;

    private final long intervalNanos;
    private final BooleanSupplier hasWork;
    private final Runnable task;
    private final Thread thread;
    private volatile boolean parked;
    private volatile boolean closed;

    IdleParkingTicker(String name, Duration interval, BooleanSupplier hasWork, Runnable task) {
        this.intervalNanos = interval.toNanos();
        this.hasWork = hasWork;
        this.task = task;
        this.thread = Threads.named(name).newThread(this::loop);
        thread.start();
    }

    /** Makes a parked ticker resume; call it after adding work. */
    void wake() {
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    private void loop() {
        int idleTicks = 0;
        while (!closed) {
            if (hasWork.getAsBoolean()) {
                idleTicks = 0;
                task.run();
            } else if (++idleTicks >= IDLE_TICKS) {
                parkUntilWork();
                idleTicks = 0;
                continue;
            }
            LockSupport.parkNanos(this, intervalNanos);
        }
    }

    private void parkUntilWork() {
        parked = true;
        // Work added after the flag was set wakes us; work added before it is seen here.
        while (!closed && !hasWork.getAsBoolean()) {
            LockSupport.park(this);
        }
        parked = false;
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
