package dev.switchboard.core.visitor;

/** No live visitor has the given id. */
public final class UnknownVisitorException extends RuntimeException {
    private final String visitorId;

    public UnknownVisitorException(String visitorId) {
        super("No visitor with id " + visitorId, null, false, false);
        this.visitorId = visitorId;
    }

    public String visitorId() {
        return visitorId;
    }
}
