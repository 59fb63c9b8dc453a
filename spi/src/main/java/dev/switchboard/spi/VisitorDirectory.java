package dev.switchboard.spi;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and changes livechat visitors on behalf of one app. The directory is bound to the app's id: every
 * entity id below is <b>this app's</b>, and the app id is never a parameter, so an app cannot read or change
 * another app's external ids (it can see them in {@link Visitor#externalIds()}).
 *
 * <p>Methods block until the host's store answers and changes are durable; call them from the threads the host
 * runs the app on (endpoints, hooks, lifecycle methods, {@link AppExecutor}). Erased visitors (removed for data
 * protection) are never returned and count as unknown. The implementation is thread-safe.
 *
 * <p>Any method may throw {@link HostUnavailableException} when the host cannot answer right now (database
 * unreachable, timeout, interruption); retry such work later.
 */
public interface VisitorDirectory {

    /**
     * Finds a visitor by token.
     *
     * @param token the visitor token; not null
     * @return the visitor, or empty if none has that token
     */
    Optional<Visitor> findByToken(String token);

    /**
     * Finds the visitor that holds one of this app's entity ids.
     *
     * @param entityId this app's entity id; not null
     * @return the visitor, or empty if no visitor holds that entity id for this app
     */
    Optional<Visitor> findByEntityId(String entityId);

    /**
     * Finds the visitors that hold several of this app's entity ids, as one read of the host's store: for a channel
     * that links a burst of messages, each from a sender it has seen before.
     *
     * <p>The default implementation calls {@link #findByEntityId} for each id.
     *
     * @param entityIds this app's entity ids; not null, nor any of them; repeats are looked up once
     * @return each id a visitor holds, with that visitor, in the order of {@code entityIds}; ids no visitor holds
     *         are left out
     * @since 1.5.0
     */
    default Map<String, Visitor> findAllByEntityIds(Collection<String> entityIds) {
        Map<String, Visitor> found = new LinkedHashMap<>();
        for (String id : entityIds) {
            if (!found.containsKey(id)) {
                findByEntityId(id).ifPresent(visitor -> found.put(id, visitor));
            }
        }
        return found;
    }

    /**
     * Finds the visitor an inbound contact belongs to, following Rocket.Chat 8.4's {@code resolveVisitor}
     * rules, and never creates one:
     * <ol>
     *   <li>the visitor holding {@code externalId.entityId()} for this app, returned unchanged (its stored
     *       metadata is not updated; use {@link #attachExternalId(String, ExternalIdentity)} for that);</li>
     *   <li>otherwise, if {@code contactData} has a phone, a visitor with a phone whose digits equal its digits;
     *       otherwise, if it has an email, a visitor with that email compared case-insensitively. When several
     *       visitors match, the most recently updated one is chosen. The entry {@code externalId} is attached to
     *       that visitor and the updated visitor is returned;</li>
     *   <li>otherwise empty.</li>
     * </ol>
     *
     * @param externalId  this app's identity for the contact; not null
     * @param contactData the contact's phone and email, or {@link ContactData#none()}; not null
     * @return the resolved visitor, or empty
     */
    Optional<Visitor> resolve(ExternalIdentity externalId, ContactData contactData);

    /**
     * Like {@link #resolve(ExternalIdentity, ContactData)}, but when nothing matches, registers
     * {@code newVisitor} exactly as {@link #register(VisitorRegistration)} would (source {@link
     * RegistrationSource#APP}, hooks run) and attaches {@code externalId} to the result.
     *
     * <p>Atomic per entity id: concurrent calls with the same new entity id (in this process or, with a shared
     * database, across host instances) create exactly one visitor, and every call returns it.
     *
     * @param externalId  this app's identity for the contact; not null
     * @param contactData the contact's phone and email, or {@link ContactData#none()}; not null
     * @param newVisitor  the visitor to register when nothing matches; a null token makes the host generate one
     * @return the resolved or created visitor, including the attached entry
     */
    Visitor resolveOrCreate(ExternalIdentity externalId, ContactData contactData, VisitorRegistration newVisitor);

    /**
     * Attaches one of this app's external ids to a visitor. Attaching an entity id the visitor already has for
     * this app replaces its metadata (idempotent).
     *
     * @param visitorId  the visitor's {@link Visitor#id()}
     * @param externalId the identity to attach
     * @return the updated visitor
     * @throws VisitorNotFoundException    if no visitor has that id, or it was erased
     * @throws ExternalIdConflictException if the entity id already belongs to another visitor for this app
     */
    Visitor attachExternalId(String visitorId, ExternalIdentity externalId);

    /**
     * Removes one of this app's external ids from a visitor. Removing an entity id the visitor does not have is
     * a no-op; another visitor's entry is never touched.
     *
     * @param visitorId the visitor's {@link Visitor#id()}
     * @param entityId  this app's entity id to remove
     * @return the updated (or unchanged) visitor
     * @throws VisitorNotFoundException if no visitor has that id, or it was erased
     */
    Visitor detachExternalId(String visitorId, String entityId);

    /**
     * Registers a visitor through the same pipeline as {@code POST /api/v1/livechat/visitor}: match an existing
     * visitor by token, then phone (digits), then email (case-insensitive), update the match or create a new
     * visitor, then run every enabled app's {@link RegistrationHook} (source {@link RegistrationSource#APP}).
     *
     * @param registration the registration; a null token makes the host generate one
     * @return the registered visitor, including external ids attached by hooks
     */
    Visitor register(VisitorRegistration registration);

    /**
     * Updates a visitor's phone and email without knowing its token, through the same pipeline as
     * {@link #register(VisitorRegistration)} landing on this visitor only (never on another one by phone or email):
     * each non-null component of {@code contactData} replaces the stored one, null components keep theirs, the
     * name, department and custom fields are unchanged, and every enabled app's {@link RegistrationHook} runs
     * (source {@link RegistrationSource#APP}), so a hook that links by phone sees the new number.
     *
     * <p>The default implementation throws {@link UnsupportedOperationException}; the host implements it.
     *
     * @param visitorId   the visitor's {@link Visitor#id()}
     * @param contactData the new phone and/or email; not empty
     * @return the updated visitor, including external ids attached by hooks
     * @throws VisitorNotFoundException if no visitor has that id, or it was erased
     * @throws IllegalArgumentException if {@code contactData} is empty
     * @since 1.4.0
     */
    default Visitor updateContact(String visitorId, ContactData contactData) {
        throw new UnsupportedOperationException("VisitorDirectory.updateContact needs SPI 1.4.0");
    }

    /**
     * Replaces the metadata of one of this app's entity ids on whichever visitor holds it, without knowing the
     * visitor's id. Registration hooks do not run (no registration happens).
     *
     * <p>The default implementation throws {@link UnsupportedOperationException}; the host implements it.
     *
     * @param entityId this app's entity id; not null
     * @param metadata the new metadata, with the limits of {@link ExternalIdentity}; not null
     * @return the updated visitor, or empty if no visitor holds that entity id for this app
     * @since 1.4.0
     */
    default Optional<Visitor> updateMetadata(String entityId, Map<String, Object> metadata) {
        throw new UnsupportedOperationException("VisitorDirectory.updateMetadata needs SPI 1.4.0");
    }
}
