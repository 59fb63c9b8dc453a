package dev.switchboard.spi;

/**
 * The visitor already has an open room that does not belong to the calling app (it came from the widget, the API,
 * or another app). A visitor has one open room at a time; the app may try again after that room closes, for
 * example by keeping the inbound message durably and retrying later.
 *
 * @since 1.4.0
 */
public class RoomUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be done; names no other app or room
     */
    public RoomUnavailableException(String message) {
        super(message);
    }
}
