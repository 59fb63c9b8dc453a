package dev.switchboard.core.plugin;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every call into a plugin goes through here: on a thread of the app's own lane ({@link AppBulkhead}, never an
 * event loop), with the plugin's class loader as the thread context class loader, marked as the app's code
 * ({@link RunningPlugins}), and within a time budget after which the caller moves on and the plugin's thread is
 * interrupted. A thread that ignores the interrupt counts as overdue for its app until its call returns.
 */
public final class PluginCalls implements AutoCloseable {
    /**
     * How often one thread looks for calls past their budget, so a call ends at most this much after its budget.
     * One timer task per call cost a scheduling, a cancellation and often a thread wake-up per request. The thread
     * sleeps while no call is in flight ({@link IdleParkingTicker}).
     */
    static final Duration SWEEP_INTERVAL = Duration.ofMillis(20);

    private final IdleParkingTicker sweeper;
    private final Set<Call<?>> inFlight = ConcurrentHashMap.newKeySet();

    public PluginCalls() {
        this.sweeper = new IdleParkingTicker("plugin-deadline", SWEEP_INTERVAL, () -> !inFlight.isEmpty(),
                this::endLateCalls);
    }

    /**
     * Runs {@code call} on {@code lane}. The future fails with {@link TimeoutException} when the call ran out of
     * its budget, or with {@link WaitedOutException} when it never got a thread within it, or with
     * {@link RejectedExecutionException} when it was refused at once: too many calls waiting, or the app still
     * has overdue threads.
     */
    public <T> CompletableFuture<T> submit(AppBulkhead.Lane lane, Duration budget, Callable<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        AppBulkhead bulkhead = lane.bulkhead();
        int overdue = bulkhead.overdue();
        if (lane.refusedWhileOverdue() && overdue > 0) {
            result.completeExceptionally(new OverdueException("app " + lane.appId() + " still has " + overdue
                    + " call(s) running past their budget"));
            return result;
        }
        AtomicInteger state = new AtomicInteger(Call.WAITING);
        FutureTask<T> task = new FutureTask<>(() -> {
            state.set(Call.RUNNING);
            String previous = RunningPlugins.enter(lane.appId());
            try {
                T value = withContextClassLoader(lane.loader(), call);
                result.complete(value);
                return value;
            } catch (Throwable e) {
                PluginExitGuard.haltOnFatal(e, lane.appId());
                result.completeExceptionally(e);
                throw e;
            } finally {
                RunningPlugins.leave(previous);
                if (!state.compareAndSet(Call.RUNNING, Call.DONE)) {
                    bulkhead.overdueEnded();
                }
            }
        });
        Call<T> pending = new Call<>(result, task, state, bulkhead, budget);
        inFlight.add(pending);
        sweeper.wake();
        try {
            lane.pool().execute(task);
        } catch (RejectedExecutionException e) {
            inFlight.remove(pending);
            result.completeExceptionally(e);
            return result;
        }
        result.whenComplete((value, failure) -> inFlight.remove(pending));
        return result;
    }

    private void endLateCalls() {
        long now = System.nanoTime();
        for (Call<?> call : inFlight) {
            if (now - call.deadlineNanos() >= 0) {
                call.end();
            }
        }
    }

    /** Runs {@code call} on this thread with {@code loader} as its context class loader. */
    public static <T> T withContextClassLoader(ClassLoader loader, Callable<T> call) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void close() {
        sweeper.close();
    }

    /** The call waited its whole budget for one of the app's threads: they were all busy with slower calls. */
    static final class WaitedOutException extends RejectedExecutionException {
        WaitedOutException(String message) {
            super(message);
        }
    }

    /** The call was refused because the app's earlier calls still run past their budget. */
    static final class OverdueException extends RejectedExecutionException {
        OverdueException(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // one per refused request while it lasts; a stack says nothing more
        }
    }

    /** A call that has not answered yet, and when its budget runs out. */
    private static final class Call<T> {
        static final int WAITING = 0;
        static final int RUNNING = 1;
        static final int DONE = 2;
        static final int OVERDUE = 3;

        private final CompletableFuture<T> result;
        private final FutureTask<T> task;
        private final AtomicInteger state;
        private final AppBulkhead bulkhead;
        private final Duration budget;
        private final long deadlineNanos;

        Call(CompletableFuture<T> result, FutureTask<T> task, AtomicInteger state, AppBulkhead bulkhead,
             Duration budget) {
            this.result = result;
            this.task = task;
            this.state = state;
            this.bulkhead = bulkhead;
            this.budget = budget;
            this.deadlineNanos = System.nanoTime() + budget.toNanos();
        }

        long deadlineNanos() {
            return deadlineNanos;
        }

        /**
         * Fails the call for want of time (the plugin's fault only if it had started) and interrupts it; a
         * started call's thread is overdue until the call returns.
         */
        void end() {
            if (result.isDone()) {
                return;
            }
            boolean started = state.compareAndSet(RUNNING, OVERDUE);
            if (started) {
                bulkhead.overdueStarted();
            }
            Exception late = started || state.get() != WAITING
                    ? new TimeoutException("no answer within " + budget.toMillis() + " ms")
                    : new WaitedOutException("no worker was free within " + budget.toMillis() + " ms");
            result.completeExceptionally(late);
            task.cancel(true);
        }
    }
}
