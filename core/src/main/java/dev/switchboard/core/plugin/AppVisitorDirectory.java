package dev.switchboard.core.plugin;

import dev.switchboard.core.visitor.Emails;
import dev.switchboard.core.visitor.ExternalId;
import dev.switchboard.core.visitor.ExternalIdService;
import dev.switchboard.core.visitor.RegistrationRequest;
import dev.switchboard.core.visitor.RegistrationSource;
import dev.switchboard.core.visitor.VisitorService;
import dev.switchboard.spi.ContactData;
import dev.switchboard.spi.ExternalIdentity;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorDirectory;
import dev.switchboard.spi.VisitorNotFoundException;
import dev.switchboard.spi.VisitorRegistration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The visitor directory one app sees: every external id it writes carries its own app id, set here. */
final class AppVisitorDirectory implements VisitorDirectory {
    private final String appId;
    private final VisitorService visitors;
    private final ExternalIdService externalIds;

    AppVisitorDirectory(String appId, VisitorService visitors, ExternalIdService externalIds) {
        this.appId = appId;
        this.visitors = visitors;
        this.externalIds = externalIds;
    }

    @Override
    public Optional<Visitor> findByToken(String token) {
        Objects.requireNonNull(token, "token");
        return Blocking.await(visitors.findByToken(token)).map(SpiVisitors::toSpi);
    }

    @Override
    public Optional<Visitor> findByEntityId(String entityId) {
        Objects.requireNonNull(entityId, "entityId");
        return Blocking.await(externalIds.findVisitor(appId, entityId)).map(SpiVisitors::toSpi);
    }

    @Override
    public Map<String, Visitor> findAllByEntityIds(Collection<String> entityIds) {
        Objects.requireNonNull(entityIds, "entityIds");
        entityIds.forEach(id -> Objects.requireNonNull(id, "entityId"));
        Map<String, Visitor> found = new LinkedHashMap<>();
        Blocking.await(externalIds.findVisitors(appId, entityIds))
                .forEach((id, visitor) -> found.put(id, SpiVisitors.toSpi(visitor)));
        return found;
    }

    @Override
    public Optional<Visitor> resolve(ExternalIdentity externalId, ContactData contactData) {
        ContactData contact = contactData == null ? ContactData.none() : contactData;
        return Blocking.await(externalIds.resolve(own(externalId), contact.phone(), contact.email()))
                .map(SpiVisitors::toSpi);
    }

    @Override
    public Visitor resolveOrCreate(ExternalIdentity externalId, ContactData contactData,
                                   VisitorRegistration newVisitor) {
        ContactData contact = contactData == null ? ContactData.none() : contactData;
        Objects.requireNonNull(newVisitor, "newVisitor");
        return SpiVisitors.toSpi(Blocking.await(externalIds.resolveOrCreate(own(externalId), contact.phone(),
                contact.email(), SpiVisitors.request(newVisitor))));
    }

    @Override
    public Visitor attachExternalId(String visitorId, ExternalIdentity externalId) {
        Objects.requireNonNull(visitorId, "visitorId");
        return SpiVisitors.toSpi(Blocking.await(externalIds.attach(visitorId, own(externalId))));
    }

    @Override
    public Visitor detachExternalId(String visitorId, String entityId) {
        Objects.requireNonNull(visitorId, "visitorId");
        Objects.requireNonNull(entityId, "entityId");
        return SpiVisitors.toSpi(Blocking.await(externalIds.detach(visitorId, appId, entityId)));
    }

    @Override
    public Visitor register(VisitorRegistration registration) {
        Objects.requireNonNull(registration, "registration");
        return SpiVisitors.toSpi(Blocking.await(visitors.register(SpiVisitors.request(registration), RegistrationSource.APP)));
    }

    @Override
    public Visitor updateContact(String visitorId, ContactData contactData) {
        Objects.requireNonNull(visitorId, "visitorId");
        Objects.requireNonNull(contactData, "contactData");
        if (contactData.isEmpty()) {
            throw new IllegalArgumentException("contactData holds neither a phone nor an email");
        }
        String token = Blocking.await(visitors.findById(visitorId))
                .orElseThrow(() -> new VisitorNotFoundException(visitorId)).token();
        // Token only: the update lands on this visitor, never on another one holding the new phone or email.
        RegistrationRequest update = new RegistrationRequest(token, null, Emails.normalize(contactData.email()),
                contactData.phone(), null, null, List.of()).tokenOnly();
        return SpiVisitors.toSpi(Blocking.await(visitors.register(update, RegistrationSource.APP)));
    }

    @Override
    public Optional<Visitor> updateMetadata(String entityId, Map<String, Object> metadata) {
        ExternalId identity = own(new ExternalIdentity(entityId, metadata));
        return Blocking.await(externalIds.findVisitor(appId, identity.entityId()))
                .map(holder -> SpiVisitors.toSpi(Blocking.await(externalIds.attach(holder.id(), identity))));
    }

    /** The app's identity with the app id the host decided; nothing the app passed can change it. */
    private ExternalId own(ExternalIdentity identity) {
        return AppIdentities.bind(appId, identity);
    }
}
