package dev.switchboard.spi;

/** Thrown by {@link VisitorDirectory} when a visitor id is unknown or the visitor was erased. */
public class VisitorNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String visitorId;

    /**
     * Creates the exception.
     *
     * @param visitorId the visitor id that was not found
     */
    public VisitorNotFoundException(String visitorId) {
        super("visitor " + visitorId + " not found");
        this.visitorId = visitorId;
    }

    /**
     * Returns the visitor id that was not found.
     *
     * @return the visitor id
     */
    public String visitorId() {
        return visitorId;
    }
}
