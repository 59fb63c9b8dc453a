package dev.switchboard.testkit;

import dev.switchboard.spi.AppExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Delayed;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An {@link AppExecutor} the test drives: tasks wait until {@link #runPending()}, scheduled tasks run once per
 * {@link #runScheduled()}, so background work happens at a known point of the test, on the test's thread. Like
 * the host it refuses work once {@link #close() closed} (after {@code onDisable}) and when
 * {@link AppExecutor#MAX_WAITING_TASKS} are waiting. Thread-safe: several test threads may {@link #runPending()} at
 * once, each taking the next waiting task, to run tasks concurrently as the host's pool would.
 */
public final class FakeAppExecutor implements AppExecutor {
    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final List<Scheduled> scheduled = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** A task scheduled with a fixed delay; cancelling it stops it. */
    private static final class Scheduled implements ScheduledFuture<Object> {
        private final Runnable task;
        private final Duration delay;
        private volatile boolean cancelled;

        Scheduled(Runnable task, Duration delay) {
            this.task = task;
            this.delay = delay;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(delay);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return cancelled;
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException("a fixed-delay task never completes normally");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return get();
        }
    }

    @Override
    public void execute(Runnable task) {
        accepting();
        if (pending.size() >= MAX_WAITING_TASKS) {
            throw new RejectedExecutionException(MAX_WAITING_TASKS + " tasks are waiting");
        }
        pending.add(task);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
        accepting();
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("delay must be positive");
        }
        Scheduled future = new Scheduled(task, delay);
        scheduled.add(future);
        return future;
    }

    /**
     * Runs the waiting tasks, and those they submit, on the calling thread.
     *
     * @return how many ran
     */
    public int runPending() {
        int ran = 0;
        for (Runnable task; (task = pending.poll()) != null; ran++) {
            task.run();
        }
        return ran;
    }

    /**
     * Runs every scheduled task that is not cancelled, once, then the tasks they submitted.
     *
     * @return how many scheduled tasks ran
     */
    public int runScheduled() {
        List<Scheduled> due = scheduled.stream().filter(s -> !s.isCancelled()).toList();
        due.forEach(s -> s.task.run());
        runPending();
        return due.size();
    }

    /**
     * Drops the waiting tasks without running them: what a crash of the host loses, since waiting tasks live
     * only in memory. Work that must survive belongs in the key-value store.
     *
     * @return how many were dropped
     */
    public int dropPending() {
        int dropped = 0;
        while (pending.poll() != null) {
            dropped++;
        }
        return dropped;
    }

    /**
     * Returns how many tasks wait for {@link #runPending()}.
     *
     * @return the count
     */
    public int pendingCount() {
        return pending.size();
    }

    /** Stops accepting work and drops what waits, as the host does after {@code onDisable}. */
    public void close() {
        closed = true;
        pending.clear();
        scheduled.forEach(s -> s.cancel(false));
    }

    private void accepting() {
        if (closed) {
            throw new RejectedExecutionException("the app is disabled");
        }
    }
}
