package dev.switchboard.spi;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;

/**
 * Background execution for one app, on a pool the host owns (plugins must not start their own threads, which
 * would outlive the plugin). The host sets the thread context class loader to the plugin's class loader while a
 * task runs, and contains task exceptions: they are logged, and for scheduled tasks the next run still happens.
 *
 * <p>When the app is disabled the host cancels its scheduled tasks, interrupts running ones, and stops
 * accepting new tasks: both methods then throw {@link RejectedExecutionException}.
 *
 * <p>At most {@value #MAX_WAITING_TASKS} tasks of one app wait for a thread at a time; beyond that
 * {@link #execute(Runnable)} refuses, so that an app whose work arrives faster than it is done (a webhook flood)
 * cannot fill the host's heap. Keep such work somewhere durable (the {@link KeyValueStore}) and pick up what was
 * refused later, for example from a scheduled task.
 */
public interface AppExecutor {

    /** How many of an app's {@link #execute(Runnable)} tasks may wait for a thread at a time. */
    int MAX_WAITING_TASKS = 10_000;

    /**
     * Runs a task once, as soon as a worker is free.
     *
     * @param task the task; not null
     * @throws RejectedExecutionException if the app is disabled or being disabled, or if
     *                                    {@value #MAX_WAITING_TASKS} of its tasks are already waiting
     */
    void execute(Runnable task);

    /**
     * Runs a task repeatedly: first after {@code initialDelay}, then {@code delay} after each run finishes.
     * Unlike {@link java.util.concurrent.ScheduledExecutorService}, an exception does not stop the schedule.
     *
     * @param task         the task; not null
     * @param initialDelay the delay before the first run; zero or positive
     * @param delay        the delay between the end of one run and the start of the next; positive
     * @return a future whose {@code cancel} stops the schedule
     * @throws RejectedExecutionException if the app is disabled or being disabled
     * @throws IllegalArgumentException   if a delay is negative, or {@code delay} is zero
     */
    ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay);
}
