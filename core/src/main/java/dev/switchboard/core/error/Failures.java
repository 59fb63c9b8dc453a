package dev.switchboard.core.error;

import java.util.concurrent.CompletionException;

/** What a failed future really failed with, under the wrappers that composing futures adds. */
public final class Failures {
    private Failures() { }

    /** {@code failure} without its {@link CompletionException} wrappers. */
    public static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
