package dev.switchboard.core.error;

/** The database cannot be reached; answered with 503 so clients retry and nothing is half-done. */
public final class ServiceUnavailableException extends RuntimeException {
    public ServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
