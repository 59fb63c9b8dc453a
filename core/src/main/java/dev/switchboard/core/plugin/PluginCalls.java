package dev.switchboard.core.plugin;

import dev.switchboard.core.store.Threads;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every call into a plugin goes through here: on a worker thread (never an event loop), with the plugin's class
 * loader as the thread context class loader, and within a time budget after which the caller moves on and the
 * plugin's thread is interrupted.
 */
public final class PluginCalls implements AutoCloseable {
    /**
     * How often one thread looks for calls past their budget, so a call ends at most this much after its budget.
     * One timer task per call cost a scheduling, a cancellation and often a thread wake-up per request. The thread
     * sleeps while no call is in flight ({@link IdleParkingTicker}).
     */
    static final Duration SWEEP_INTERVAL = Duration.ofMillis(20);

    private final ExecutorService workers;
    private final IdleParkingTicker sweeper;
    private final Set<Call<?>> inFlight = ConcurrentHashMap.newKeySet();

    public PluginCalls(int threads, int queueLength) {
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(queueLength), Threads.named("plugin-call"));
        this.sweeper = new IdleParkingTicker("plugin-deadline", SWEEP_INTERVAL, () -> !inFlight.isEmpty(),
                this::endLateCalls);
    }

    /**
     * Runs {@code call} in {@code loader}'s context. The future fails with {@link TimeoutException} when the call
     * ran out of its budget, or with {@link RejectedExecutionException} when it never got a thread (too many calls
     * waiting, or none free within the budget): then the plugin is not to blame.
     */
    public <T> CompletableFuture<T> submit(ClassLoader loader, Duration budget, Callable<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicBoolean started = new AtomicBoolean();
        FutureTask<T> task = new FutureTask<>(() -> {
            started.set(true);
            try {
                T value = withContextClassLoader(loader, call);
                result.complete(value);
                return value;
            } catch (Throwable e) {
                result.completeExceptionally(e);
                throw e;
            }
        });
        Call<T> pending = new Call<>(result, task, started, budget);
        inFlight.add(pending);
        sweeper.wake();
        try {
            workers.execute(task);
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
        workers.shutdownNow();
        sweeper.close();
    }

    /** A call that has not answered yet, and when its budget runs out. */
    private static final class Call<T> {
        private final CompletableFuture<T> result;
        private final FutureTask<T> task;
        private final AtomicBoolean started;
        private final Duration budget;
        private final long deadlineNanos;

        Call(CompletableFuture<T> result, FutureTask<T> task, AtomicBoolean started, Duration budget) {
            this.result = result;
            this.task = task;
            this.started = started;
            this.budget = budget;
            this.deadlineNanos = System.nanoTime() + budget.toNanos();
        }

        long deadlineNanos() {
            return deadlineNanos;
        }

        /** Fails the call for want of time (the plugin's fault only if it had started) and interrupts it. */
        void end() {
            Exception late = started.get()
                    ? new TimeoutException("no answer within " + budget.toMillis() + " ms")
                    : new RejectedExecutionException("no worker was free within " + budget.toMillis() + " ms");
            if (result.completeExceptionally(late)) {
                task.cancel(true);
            }
        }
    }
}
