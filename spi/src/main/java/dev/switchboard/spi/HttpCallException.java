package dev.switchboard.spi;

import java.io.IOException;
import java.util.Objects;

/**
 * An {@link AppHttp} call that produced no response.
 *
 * @since 1.4.0
 */
public class HttpCallException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why a call failed. */
    public enum Reason {
        /** The call's timeout passed (waiting for a slot, connecting or reading). */
        TIMEOUT,
        /** Too many of the app's calls were already waiting for a slot. */
        TOO_MANY_CALLS,
        /** The response body was larger than the host's response cap. */
        RESPONSE_TOO_LARGE,
        /** The connection failed or broke (refused, reset, TLS, unknown host). */
        CONNECTION,
        /** The app was disabled. */
        APP_DISABLED
    }

    /** Why the call failed. */
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason  why the call failed; not null
     * @param message a description without secrets
     * @param cause   the underlying failure, or null
     */
    public HttpCallException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason must not be null");
    }

    /**
     * Returns why the call failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
