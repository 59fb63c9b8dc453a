package dev.switchboard.core.plugin;

import dev.switchboard.spi.AppExecutor;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An app's background threads, alive while the app is enabled: the plugin's class loader is their context class
 * loader and an exception in a task is logged, never fatal to the pool or a schedule.
 */
final class AppTaskExecutor implements AppExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(AppTaskExecutor.class);
    /** Tasks mostly wait on host calls (each write waits for its commit), so more threads than cores. */
    private static final int THREADS = 8;

    private final String appId;
    private final ClassLoader loader;
    private volatile ScheduledThreadPoolExecutor pool;

    AppTaskExecutor(String appId, ClassLoader loader) {
        this.appId = appId;
        this.loader = loader;
    }

    synchronized void open() {
        if (pool == null) {
            AtomicInteger counter = new AtomicInteger();
            pool = new ScheduledThreadPoolExecutor(THREADS, runnable -> {
                Thread thread = new Thread(runnable, "app-" + appId + "-" + counter.incrementAndGet());
                thread.setDaemon(true);
                thread.setContextClassLoader(loader);
                return thread;
            });
            pool.setRemoveOnCancelPolicy(true);
        }
    }

    /** Stops the app's tasks; later submissions are rejected until it is enabled again. */
    synchronized void close() {
        if (pool != null) {
            pool.shutdownNow();
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pool = null;
        }
    }

    @Override
    public void execute(Runnable task) {
        running().execute(contained(task));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
        return running().scheduleWithFixedDelay(contained(task), initialDelay.toMillis(), delay.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private ScheduledThreadPoolExecutor running() {
        ScheduledThreadPoolExecutor current = pool;
        if (current == null) {
            throw new RejectedExecutionException("app " + appId + " is not enabled");
        }
        return current;
    }

    private Runnable contained(Runnable task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.warn("Task of app {} failed: {}", appId, e.toString());
            }
        };
    }
}
