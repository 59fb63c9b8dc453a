package dev.switchboard.spi;

/**
 * Thrown when an app attaches an entity id that already belongs to another visitor for the same app: the pair
 * (app id, entity id) identifies at most one visitor.
 */
public class ExternalIdConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String entityId;
    private final String existingVisitorId;

    /**
     * Creates the exception.
     *
     * @param entityId          the entity id that is taken
     * @param existingVisitorId the id of the visitor that holds it
     */
    public ExternalIdConflictException(String entityId, String existingVisitorId) {
        super("entity id " + entityId + " already belongs to visitor " + existingVisitorId);
        this.entityId = entityId;
        this.existingVisitorId = existingVisitorId;
    }

    /**
     * Returns the entity id that is taken.
     *
     * @return the entity id
     */
    public String entityId() {
        return entityId;
    }

    /**
     * Returns the id of the visitor that holds the entity id.
     *
     * @return the visitor id
     */
    public String existingVisitorId() {
        return existingVisitorId;
    }
}
