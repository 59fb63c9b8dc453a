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
 * loader and an exception in a task is logged, never fatal to the pool or a schedule. At most
 * {@link AppExecutor#MAX_WAITING_TASKS} one-off tasks wait for a thread; more are refused.
 */
final class AppTaskExecutor implements AppExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(AppTaskExecutor.class);
    /**
     * Tasks mostly wait on host calls (each write waits for its commit), so far more threads than cores: the
     * writes of all of them share a commit, so an app that works through a backlog goes as fast as it has tasks
     * in flight. Threads start only as tasks need them.
     */
    static final int THREADS = 32;

    private final String appId;
    private final ClassLoader loader;
    private final String fullMessage;
    private volatile Running running;

    /** The pool of one enabled period, and how many of its one-off tasks have not started yet. */
    private record Running(ScheduledThreadPoolExecutor pool, AtomicInteger waiting) {
    }

    AppTaskExecutor(String appId, ClassLoader loader) {
        this.appId = appId;
        this.loader = loader;
        this.fullMessage = "app " + appId + " already has " + MAX_WAITING_TASKS + " tasks waiting";
    }

    synchronized void open() {
        if (running == null) {
            AtomicInteger counter = new AtomicInteger();
            ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(THREADS, runnable -> {
                Thread thread = new Thread(runnable, "app-" + appId + "-" + counter.incrementAndGet());
                thread.setDaemon(true);
                thread.setContextClassLoader(loader);
                return thread;
            });
            pool.setRemoveOnCancelPolicy(true);
            running = new Running(pool, new AtomicInteger());
        }
    }

    /** Stops the app's tasks; later submissions are rejected until it is enabled again. */
    synchronized void close() {
        if (running != null) {
            running.pool().shutdownNow();
            try {
                running.pool().awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running = null;
        }
    }

    @Override
    public void execute(Runnable task) {
        Runnable contained = contained(task);
        Running current = running();
        AtomicInteger waiting = current.waiting();
        if (waiting.incrementAndGet() > MAX_WAITING_TASKS) {
            waiting.decrementAndGet();
            throw new QueueFullException(fullMessage);
        }
        try {
            current.pool().execute(() -> {
                waiting.decrementAndGet();
                contained.run();
            });
        } catch (RejectedExecutionException e) {
            waiting.decrementAndGet();
            throw e;
        }
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
        return running().pool().scheduleWithFixedDelay(contained(task), initialDelay.toMillis(), delay.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private Running running() {
        Running current = running;
        if (current == null) {
            throw new RejectedExecutionException("app " + appId + " is not enabled");
        }
        return current;
    }

    private Runnable contained(Runnable task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            String previous = RunningPlugins.enter(appId);
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                PluginExitGuard.haltOnFatal(e, appId);
                LOG.warn("Task of app {} failed: {}", appId, e.toString());
            } finally {
                RunningPlugins.leave(previous);
            }
        };
    }

    /**
     * A refusal because too many tasks wait. It has no stack trace: during a flood a plugin meets one per request
     * (the WhatsApp bridge's webhook does), and it says nothing a stack would add.
     */
    private static final class QueueFullException extends RejectedExecutionException {
        QueueFullException(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
