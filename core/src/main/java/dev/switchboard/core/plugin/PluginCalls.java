package dev.switchboard.core.plugin;

import dev.switchboard.core.store.Threads;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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
    private final ExecutorService workers;
    private final ScheduledExecutorService deadlines;

    public PluginCalls(int threads, int queueLength) {
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(queueLength), Threads.named("plugin-call"));
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, Threads.named("plugin-deadline"));
        timer.setRemoveOnCancelPolicy(true);
        this.deadlines = timer;
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
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
            return result;
        }
        var deadline = deadlines.schedule(() -> {
            Exception late = started.get()
                    ? new TimeoutException("no answer within " + budget.toMillis() + " ms")
                    : new RejectedExecutionException("no worker was free within " + budget.toMillis() + " ms");
            if (result.completeExceptionally(late)) {
                task.cancel(true);
            }
        }, budget.toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((value, failure) -> deadline.cancel(false));
        return result;
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
        deadlines.shutdownNow();
    }
}
