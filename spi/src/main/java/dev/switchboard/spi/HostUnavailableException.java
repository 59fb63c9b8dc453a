package dev.switchboard.spi;

/**
 * The host could not do what was asked right now: its database is unreachable, it did not answer in time, or the
 * calling thread was interrupted (for example because the app is being disabled). Nothing was changed that the
 * caller can rely on; the same call can succeed later, so work that failed this way should be retried rather than
 * given up on.
 */
public class HostUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be done
     * @param cause   the underlying failure, or null
     */
    public HostUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
