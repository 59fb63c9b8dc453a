package dev.switchboard.core.visitor;

/** The {@code (appId, entityId)} pair already belongs to another visitor. */
public final class ExternalIdTakenException extends RuntimeException {
    private final String entityId;
    private final String holderId;

    public ExternalIdTakenException(String appId, String entityId, String holderId) {
        super("External id " + entityId + " of app " + appId + " belongs to visitor " + holderId, null, false,
                false);
        this.entityId = entityId;
        this.holderId = holderId;
    }

    public String entityId() {
        return entityId;
    }

    /** The visitor that holds the id. */
    public String holderId() {
        return holderId;
    }
}
