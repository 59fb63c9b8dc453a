package dev.switchboard.core.plugin;

import dev.switchboard.core.error.Failures;
import dev.switchboard.spi.HostUnavailableException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whose fault a failed call into an app is, logs it with the app id (throttled: a hanging app fails every
 * request), and switches the app off ({@code error_disabled}) after {@link #IN_A_ROW_BEFORE_ERROR} of its faults
 * in a row, counted separately for hooks and for endpoints; any success starts the count again.
 *
 * <p>The app's faults: a call past its budget; a call refused because the app's own earlier calls still run past
 * theirs; a call that waited its whole budget for one of the app's threads. For hooks also any exception. Not the
 * app's: the host unable to answer it (the database), and a refusal at once because too many calls already wait
 * for the app (a flood of requests, which its healthy threads may yet work through).
 */
final class AppFaults {
    static final int IN_A_ROW_BEFORE_ERROR = 5;
    private static final Logger LOG = LoggerFactory.getLogger(AppFaults.class);
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private final ThrottledLog log = new ThrottledLog(LOG, LOG_INTERVAL);
    private final BiConsumer<InstalledApp, String> disableForErrors;

    AppFaults(BiConsumer<InstalledApp, String> disableForErrors) {
        this.disableForErrors = disableForErrors;
    }

    /** A registration hook's call failed. */
    void hookFailed(InstalledApp app, String hook, Throwable failure) {
        Throwable cause = Failures.cause(failure);
        if (cause instanceof HostUnavailableException
                || cause instanceof RejectedExecutionException && !appsFault(cause)) {
            log.warn(app.id() + "/hook-skipped", "Registration hook {} of app {} skipped: {}", hook, app.id(),
                    describe(failure));
            return;
        }
        count(app, "registration hook " + hook, app.recordHookFailure(), failure);
    }

    /** An endpoint call failed; only timeouts and the app's own congestion count (an exception is an answer). */
    void endpointFailed(InstalledApp app, String path, Throwable failure) {
        Throwable cause = Failures.cause(failure);
        if (appsFault(cause)) {
            count(app, "endpoint " + path, app.recordEndpointFailure(), failure);
        } else if (cause instanceof RejectedExecutionException) {
            log.warn(app.id() + "/endpoint-refused", "App {} refused a call of endpoint {}: {}", app.id(), path,
                    describe(failure));
        }
    }

    /** Timeouts and refusals caused by the app's own slow or stuck threads. */
    private static boolean appsFault(Throwable cause) {
        return cause instanceof TimeoutException || cause instanceof PluginCalls.WaitedOutException
                || cause instanceof PluginCalls.OverdueException;
    }

    private void count(InstalledApp app, String what, int inARow, Throwable failure) {
        log.warn(app.id() + "/" + what, "{} of app {} failed ({} in a row): {}", what, app.id(), inARow,
                describe(failure));
        if (inARow >= IN_A_ROW_BEFORE_ERROR && app.serving()) {
            disableForErrors.accept(app, what + " failed " + inARow + " times in a row; last: "
                    + describe(failure));
        }
    }

    static String describe(Throwable failure) {
        Throwable cause = Failures.cause(failure);
        if (cause instanceof TimeoutException) {
            return "exceeded its time budget";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
