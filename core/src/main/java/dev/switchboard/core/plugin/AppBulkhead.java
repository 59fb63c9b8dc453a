package dev.switchboard.core.plugin;

import dev.switchboard.core.store.Threads;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One app's own threads: one lane for its endpoints, one for its hooks, one for its lifecycle calls, and a serial
 * executor for the host's decisions about it. However an app misbehaves, it can only use up its own lanes, so
 * other apps keep answering and their enable, disable and settings calls never wait behind it.
 *
 * <p>A call past its budget is interrupted; a thread that ignores the interrupt is <em>overdue</em> until its call
 * returns. While any of an app's threads is overdue the app gets no new endpoint or hook calls (they are refused)
 * and cannot be enabled again, so a hook that spins is not fed more threads.
 */
final class AppBulkhead implements AutoCloseable {
    /** Calls waiting for a thread of one lane before more are refused at once. */
    static final int QUEUE_LENGTH = 4096;
    /** Lifecycle calls come one at a time from the host; spare threads for ones that hang past their budget. */
    static final int LIFECYCLE_THREADS = 4;

    private final String appId;
    private final ClassLoader loader;
    private final AtomicInteger overdue = new AtomicInteger();
    private final Lane endpoints;
    private final Lane hooks;
    private final Lane lifecycle;
    private final ThreadPoolExecutor decisions;

    /** The kinds of call an app gets, each in a lane of its own. */
    enum Kind {
        ENDPOINT, HOOK, LIFECYCLE;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A bounded pool of one app's threads for one kind of call; threads start on demand and end when idle. */
    final class Lane {
        private final Kind kind;
        private final ThreadPoolExecutor pool;

        private Lane(Kind kind, int threads) {
            this.kind = kind;
            this.pool = AppBulkhead.pool("app-" + appId + "-" + kind.label(), threads, QUEUE_LENGTH, loader);
        }

        String appId() {
            return appId;
        }

        Kind kind() {
            return kind;
        }

        ClassLoader loader() {
            return loader;
        }

        AppBulkhead bulkhead() {
            return AppBulkhead.this;
        }

        ExecutorService pool() {
            return pool;
        }

        /** Endpoints and hooks are refused while the app has overdue threads; lifecycle calls still run. */
        boolean refusedWhileOverdue() {
            return kind != Kind.LIFECYCLE;
        }
    }

    /** @param threads how many endpoint calls, and separately hook calls, the app may run at once */
    AppBulkhead(String appId, ClassLoader loader, int threads) {
        this.appId = appId;
        this.loader = loader;
        this.endpoints = new Lane(Kind.ENDPOINT, threads);
        this.hooks = new Lane(Kind.HOOK, threads);
        this.lifecycle = new Lane(Kind.LIFECYCLE, LIFECYCLE_THREADS);
        this.decisions = pool("plugin-admin-" + appId, 1, Integer.MAX_VALUE, null);
    }

    /** Threads of the plugin's code get its class loader as their context loader; the host's keep their own. */
    private static ThreadPoolExecutor pool(String name, int threads, int queueLength, ClassLoader loader) {
        ThreadFactory named = Threads.named(name);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(queueLength), runnable -> {
                    Thread thread = named.newThread(runnable);
                    if (loader != null) {
                        thread.setContextClassLoader(loader);
                    }
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    Lane endpoints() {
        return endpoints;
    }

    Lane hooks() {
        return hooks;
    }

    Lane lifecycle() {
        return lifecycle;
    }

    /** Runs the host's decisions about this app (enable, disable, settings) one at a time, in order. */
    ExecutorService decisions() {
        return decisions;
    }

    /** How many of the app's threads are still running calls that were abandoned past their budget. */
    int overdue() {
        return overdue.get();
    }

    void overdueStarted() {
        overdue.incrementAndGet();
    }

    void overdueEnded() {
        overdue.decrementAndGet();
    }

    /**
     * Forgets endpoint and hook calls still waiting for a thread (the app was disabled): they are refused at
     * their deadline instead of being handed to the app.
     */
    void dropWaiting() {
        endpoints.pool.getQueue().clear();
        hooks.pool.getQueue().clear();
    }

    @Override
    public void close() {
        endpoints.pool.shutdownNow();
        hooks.pool.shutdownNow();
        lifecycle.pool.shutdownNow();
        decisions.shutdownNow();
    }
}
