package dev.switchboard.core.secret;

/**
 * The secret key is missing, malformed, or not the one the stored secrets were encrypted with. The host does not
 * start; the message says what to fix and is logged as one line, with no stack trace, and the process exits with
 * {@link #EXIT_STATUS} (a supervisor can be told not to restart on it: restarting cannot fix it).
 */
public final class SecretKeyException extends RuntimeException {
    /** EX_CONFIG from sysexits.h. */
    public static final int EXIT_STATUS = 78;

    public SecretKeyException(String message) {
        super(message);
    }

    public SecretKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
