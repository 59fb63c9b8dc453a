package dev.switchboard.spi;

import java.util.Map;

/**
 * One visitor registration, as seen by one app's {@link RegistrationHook}. Each app receives its own event
 * instance bound to its app id. The event is valid only while the hook runs.
 */
public interface RegistrationEvent {

    /**
     * Returns the visitor as stored by this registration (created, or matched and updated). The snapshot does
     * not include entries attached through {@link #attachExternalId(String, Map)} during this event.
     *
     * @return the registered visitor
     */
    Visitor visitor();

    /**
     * Returns where the registration came from.
     *
     * @return {@link RegistrationSource#REST} or {@link RegistrationSource#APP}
     */
    RegistrationSource source();

    /**
     * Attaches an external id of <b>this</b> app (the host supplies the app id) to the registered visitor. The
     * entry is stored before the registration's response is sent and appears in that same response's
     * {@code externalIds}. Attaching an entity id the visitor already has for this app replaces its metadata.
     *
     * @param entityId the app's id for the visitor; not blank
     * @param metadata JSON-like data, following the rules on {@link ExternalId}; may be null for none
     * @throws ExternalIdConflictException if the entity id already belongs to another visitor for this app
     * @throws IllegalStateException       if called after the hook returned or timed out
     */
    void attachExternalId(String entityId, Map<String, Object> metadata);
}
