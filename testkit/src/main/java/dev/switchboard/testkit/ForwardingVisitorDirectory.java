package dev.switchboard.testkit;

import dev.switchboard.spi.ContactData;
import dev.switchboard.spi.ExternalIdentity;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorDirectory;
import dev.switchboard.spi.VisitorRegistration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link VisitorDirectory} that hands every call to another one: override the methods a test needs to slow down
 * or fail (for example with {@link dev.switchboard.spi.HostUnavailableException}, what the host throws when its
 * store does not answer), and put it in the context with {@link FakeAppContext#withVisitors}.
 *
 * <pre>{@code
 * context.withVisitors(new ForwardingVisitorDirectory(context.fakeVisitors()) {
 *     @Override
 *     public Optional<Visitor> findByEntityId(String entityId) {
 *         throw new HostUnavailableException("the store did not answer", null);
 *     }
 * });
 * }</pre>
 */
public class ForwardingVisitorDirectory implements VisitorDirectory {
    private final VisitorDirectory delegate;

    /**
     * A directory forwarding to {@code delegate}.
     *
     * @param delegate where calls go, usually {@link FakeAppContext#fakeVisitors()}
     */
    public ForwardingVisitorDirectory(VisitorDirectory delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Returns the directory calls go to.
     *
     * @return the delegate
     */
    protected VisitorDirectory delegate() {
        return delegate;
    }

    @Override
    public Optional<Visitor> findByToken(String token) {
        return delegate.findByToken(token);
    }

    @Override
    public Optional<Visitor> findByEntityId(String entityId) {
        return delegate.findByEntityId(entityId);
    }

    @Override
    public Map<String, Visitor> findAllByEntityIds(Collection<String> entityIds) {
        return delegate.findAllByEntityIds(entityIds);
    }

    @Override
    public Optional<Visitor> resolve(ExternalIdentity externalId, ContactData contactData) {
        return delegate.resolve(externalId, contactData);
    }

    @Override
    public Visitor resolveOrCreate(ExternalIdentity externalId, ContactData contactData,
                                   VisitorRegistration newVisitor) {
        return delegate.resolveOrCreate(externalId, contactData, newVisitor);
    }

    @Override
    public Visitor attachExternalId(String visitorId, ExternalIdentity externalId) {
        return delegate.attachExternalId(visitorId, externalId);
    }

    @Override
    public Visitor detachExternalId(String visitorId, String entityId) {
        return delegate.detachExternalId(visitorId, entityId);
    }

    @Override
    public Visitor register(VisitorRegistration registration) {
        return delegate.register(registration);
    }

    @Override
    public Visitor updateContact(String visitorId, ContactData contactData) {
        return delegate.updateContact(visitorId, contactData);
    }

    @Override
    public Optional<Visitor> updateMetadata(String entityId, Map<String, Object> metadata) {
        return delegate.updateMetadata(entityId, metadata);
    }
}
