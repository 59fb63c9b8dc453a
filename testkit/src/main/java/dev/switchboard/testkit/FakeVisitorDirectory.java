package dev.switchboard.testkit;

import dev.switchboard.core.plugin.AppIdentities;
import dev.switchboard.core.plugin.HookFilters;
import dev.switchboard.core.plugin.SpiVisitors;
import dev.switchboard.core.store.VisitorStore.Erased;
import dev.switchboard.core.visitor.Emails;
import dev.switchboard.core.visitor.ExternalId;
import dev.switchboard.core.visitor.PhoneNumbers;
import dev.switchboard.core.visitor.RegistrationPlanner;
import dev.switchboard.core.visitor.RegistrationRequest;
import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.ContactData;
import dev.switchboard.spi.ErasureHook;
import dev.switchboard.spi.ExternalIdConflictException;
import dev.switchboard.spi.ExternalIdentity;
import dev.switchboard.spi.RegistrationEvent;
import dev.switchboard.spi.RegistrationHook;
import dev.switchboard.spi.RegistrationSource;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorDirectory;
import dev.switchboard.spi.VisitorNotFoundException;
import dev.switchboard.spi.VisitorRegistration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One app's visitor directory in memory, with the host's rules: registrations are planned by the host's own
 * {@link RegistrationPlanner} (token, then phone digits, then email; fields never unset; one visitor owns a
 * phone's digits), {@link #resolve} and {@link #resolveOrCreate} follow Rocket.Chat's {@code resolveVisitor}
 * fallbacks, external ids are bound to this app with the host's limits, and the app's registration hooks run
 * <b>inside</b> every registration (REST ones through {@link #registerFromRest}), filtered as the host filters
 * them, with a hook's exception recorded in {@link #hookFailures()} instead of failing the registration.
 * Departments and custom fields are taken as given (the fake has no operator to define them).
 * Synchronized: safe to call from several threads.
 */
public final class FakeVisitorDirectory implements VisitorDirectory {
    private final String appId;
    private final Clock clock;
    private final Supplier<AppContext> context;
    private final Map<String, dev.switchboard.core.visitor.Visitor> byId = new LinkedHashMap<>();
    private final Map<String, String> phoneOwners = new LinkedHashMap<>();
    private final List<RegistrationHook> hooks = new ArrayList<>();
    private final List<ErasureHook> erasureHooks = new ArrayList<>();
    private final List<Throwable> hookFailures = new ArrayList<>();
    private int guests;

    FakeVisitorDirectory(String appId, Clock clock, Supplier<AppContext> context) {
        this.appId = appId;
        this.clock = clock;
        this.context = context;
    }

    synchronized void addHook(RegistrationHook hook) {
        Objects.requireNonNull(hook.filter(), "a registration hook's filter must not be null");
        hooks.add(hook);
    }

    synchronized void addErasureHook(ErasureHook hook) {
        erasureHooks.add(hook);
    }

    /**
     * Registers a visitor as {@code POST /api/v1/livechat/visitor} would under the default
     * {@code --visitor-matching strict}: it lands on an existing visitor by token only. Hooks run with source
     * {@link RegistrationSource#REST}.
     *
     * @param registration the visitor's fields; a null token makes one up
     * @return the registered visitor, with the ids hooks attached
     */
    public synchronized Visitor registerFromRest(VisitorRegistration registration) {
        return register(SpiVisitors.request(registration).tokenOnly(), RegistrationSource.REST);
    }

    /**
     * Erases a visitor as {@code DELETE /api/v1/livechat/visitor/:token} does: its external ids are deleted, then
     * the app's erasure hooks are told, with this app's entries only.
     *
     * @param visitorId the visitor's id
     * @throws VisitorNotFoundException if there is none
     */
    public synchronized void erase(String visitorId) {
        dev.switchboard.core.visitor.Visitor gone = byId.remove(visitorId);
        if (gone == null) {
            throw new VisitorNotFoundException(visitorId);
        }
        phoneOwners.values().remove(visitorId);
        Erased erased = new Erased(gone.id(), gone.token(), gone.phone(), gone.email(), gone.externalIds(),
                List.of(), clock.instant()); // the fake holds no rooms
        for (ErasureHook hook : erasureHooks) {
            try {
                hook.onVisitorErased(SpiVisitors.toSpi(erased, appId), context.get());
            } catch (Exception | AssertionError e) {
                hookFailures.add(e);
            }
        }
    }

    /**
     * Returns what hooks threw: the host logs it and never fails the registration, so tests look here.
     *
     * @return the failures, oldest first
     */
    public synchronized List<Throwable> hookFailures() {
        return List.copyOf(hookFailures);
    }

    /**
     * Returns every visitor, in creation order.
     *
     * @return the visitors as the app sees them
     */
    public synchronized List<Visitor> all() {
        return byId.values().stream().map(SpiVisitors::toSpi).toList();
    }

    @Override
    public synchronized Optional<Visitor> findByToken(String token) {
        Objects.requireNonNull(token, "token");
        return withToken(token).map(SpiVisitors::toSpi);
    }

    @Override
    public synchronized Optional<Visitor> findByEntityId(String entityId) {
        Objects.requireNonNull(entityId, "entityId");
        return holder(entityId).map(SpiVisitors::toSpi);
    }

    /** As the host's one read: every visitor as it is at one moment. */
    @Override
    public synchronized Map<String, Visitor> findAllByEntityIds(Collection<String> entityIds) {
        Objects.requireNonNull(entityIds, "entityIds");
        return VisitorDirectory.super.findAllByEntityIds(entityIds);
    }

    @Override
    public synchronized Optional<Visitor> resolve(ExternalIdentity externalId, ContactData contactData) {
        ExternalId id = AppIdentities.bind(appId, externalId);
        ContactData contact = contactData == null ? ContactData.none() : contactData;
        Optional<dev.switchboard.core.visitor.Visitor> holder = holder(id.entityId());
        if (holder.isPresent()) {
            return holder.map(SpiVisitors::toSpi);
        }
        return byContact(contact).map(found -> attach(found.id(), id));
    }

    @Override
    public synchronized Visitor resolveOrCreate(ExternalIdentity externalId, ContactData contactData,
                                                VisitorRegistration newVisitor) {
        Objects.requireNonNull(newVisitor, "newVisitor");
        ExternalId id = AppIdentities.bind(appId, externalId);
        return resolve(externalId, contactData).orElseGet(() -> {
            Visitor created = register(newVisitor);
            return attach(created.id(), id);
        });
    }

    @Override
    public synchronized Visitor attachExternalId(String visitorId, ExternalIdentity externalId) {
        Objects.requireNonNull(visitorId, "visitorId");
        return attach(visitorId, AppIdentities.bind(appId, externalId));
    }

    @Override
    public synchronized Visitor detachExternalId(String visitorId, String entityId) {
        Objects.requireNonNull(entityId, "entityId");
        dev.switchboard.core.visitor.Visitor visitor = existing(visitorId);
        List<ExternalId> kept = visitor.externalIds().stream()
                .filter(id -> !(id.appId().equals(appId) && id.entityId().equals(entityId)))
                .toList();
        return SpiVisitors.toSpi(store(withExternalIds(visitor, kept)));
    }

    @Override
    public synchronized Visitor register(VisitorRegistration registration) {
        Objects.requireNonNull(registration, "registration");
        return register(SpiVisitors.request(registration), RegistrationSource.APP);
    }

    @Override
    public synchronized Visitor updateContact(String visitorId, ContactData contactData) {
        Objects.requireNonNull(contactData, "contactData");
        if (contactData.isEmpty()) {
            throw new IllegalArgumentException("contactData holds neither a phone nor an email");
        }
        String token = existing(visitorId).token();
        return register(new RegistrationRequest(token, null, Emails.normalize(contactData.email()),
                contactData.phone(), null, null, List.of()).tokenOnly(), RegistrationSource.APP);
    }

    @Override
    public synchronized Optional<Visitor> updateMetadata(String entityId, Map<String, Object> metadata) {
        ExternalId id = AppIdentities.bind(appId, new ExternalIdentity(entityId, metadata));
        return holder(entityId).map(holder -> attach(holder.id(), id));
    }

    private Visitor register(RegistrationRequest request, RegistrationSource source) {
        dev.switchboard.core.visitor.Visitor byToken = withToken(request.token()).orElse(null);
        boolean byContacts = byToken == null && request.matchesContacts();
        dev.switchboard.core.visitor.Visitor byPhone = byContacts ? phoneOwner(request.phoneDigits()) : null;
        dev.switchboard.core.visitor.Visitor byEmail = byContacts && byPhone == null && request.email() != null
                ? byId.values().stream().filter(v -> request.email().equals(v.email())).findFirst().orElse(null)
                : null;
        RegistrationPlanner.Candidates found = new RegistrationPlanner.Candidates(byToken, byPhone, byEmail, null);
        dev.switchboard.core.visitor.Visitor matched = RegistrationPlanner.matched(request, found);
        String storedDigits = request.phone() != null ? request.phoneDigits()
                : matched == null ? null : PhoneNumbers.digits(matched.phone());
        RegistrationPlanner.Plan plan = RegistrationPlanner.plan(request,
                new RegistrationPlanner.Candidates(byToken, byPhone, byEmail, phoneOwner(storedDigits)),
                request.department(), List.of(), clock.instant());
        dev.switchboard.core.visitor.Visitor next = plan.next();
        if (plan.creates() && next.username() == null) {
            next = RegistrationPlanner.withUsername(next, "guest-" + ++guests);
        }
        phoneOwners.values().remove(next.id());
        if (plan.phoneDigits() != null) {
            phoneOwners.put(plan.phoneDigits(), next.id());
        }
        store(next);
        runHooks(next.id(), source);
        return SpiVisitors.toSpi(byId.get(next.id()));
    }

    /** The app's hooks, as the host runs them after the visitor is stored and before the answer. */
    private void runHooks(String visitorId, RegistrationSource source) {
        for (RegistrationHook hook : hooks) {
            dev.switchboard.core.visitor.Visitor stored = byId.get(visitorId);
            if (!HookFilters.wants(hook.filter(), stored)) {
                continue;
            }
            RegistrationEvent event = new RegistrationEvent() {
                @Override
                public Visitor visitor() {
                    return SpiVisitors.toSpi(byId.get(visitorId));
                }

                @Override
                public RegistrationSource source() {
                    return source;
                }

                @Override
                public void attachExternalId(String entityId, Map<String, Object> metadata) {
                    attach(visitorId, AppIdentities.bind(appId, new ExternalIdentity(entityId, metadata)));
                }
            };
            try {
                hook.onVisitorRegistered(event, context.get());
            } catch (Exception | AssertionError e) {
                hookFailures.add(e);
            }
        }
    }

    /** Phone first, then email; several matches: the most recently updated, as the host's resolve chooses. */
    private Optional<dev.switchboard.core.visitor.Visitor> byContact(ContactData contact) {
        Comparator<dev.switchboard.core.visitor.Visitor> latest =
                Comparator.comparing(dev.switchboard.core.visitor.Visitor::updatedAt);
        String digits = PhoneNumbers.digits(contact.phone());
        if (digits != null) {
            return byId.values().stream().filter(v -> digits.equals(PhoneNumbers.digits(v.phone()))).max(latest);
        }
        String email = Emails.normalize(contact.email());
        return email == null ? Optional.empty()
                : byId.values().stream().filter(v -> email.equals(v.email())).max(latest);
    }

    private Visitor attach(String visitorId, ExternalId id) {
        dev.switchboard.core.visitor.Visitor visitor = existing(visitorId);
        Optional<dev.switchboard.core.visitor.Visitor> holder = holder(id.entityId());
        if (holder.isPresent() && !holder.get().id().equals(visitorId)) {
            throw new ExternalIdConflictException(id.entityId(), holder.get().id());
        }
        List<ExternalId> ids = new ArrayList<>();
        boolean replaced = false;
        for (ExternalId existing : visitor.externalIds()) {
            boolean same = existing.appId().equals(appId) && existing.entityId().equals(id.entityId());
            ids.add(same ? id : existing);
            replaced |= same;
        }
        if (!replaced) {
            ids.add(id);
        }
        return SpiVisitors.toSpi(store(withExternalIds(visitor, ids)));
    }

    private dev.switchboard.core.visitor.Visitor existing(String visitorId) {
        Objects.requireNonNull(visitorId, "visitorId");
        dev.switchboard.core.visitor.Visitor visitor = byId.get(visitorId);
        if (visitor == null) {
            throw new VisitorNotFoundException(visitorId);
        }
        return visitor;
    }

    private Optional<dev.switchboard.core.visitor.Visitor> withToken(String token) {
        return byId.values().stream().filter(v -> v.token().equals(token)).findFirst();
    }

    private Optional<dev.switchboard.core.visitor.Visitor> holder(String entityId) {
        return byId.values().stream()
                .filter(v -> v.externalIds().stream()
                        .anyMatch(id -> id.appId().equals(appId) && id.entityId().equals(entityId)))
                .findFirst();
    }

    private dev.switchboard.core.visitor.Visitor phoneOwner(String digits) {
        return digits == null ? null : byId.get(phoneOwners.get(digits));
    }

    private dev.switchboard.core.visitor.Visitor store(dev.switchboard.core.visitor.Visitor visitor) {
        byId.put(visitor.id(), visitor);
        return visitor;
    }

    private static dev.switchboard.core.visitor.Visitor withExternalIds(dev.switchboard.core.visitor.Visitor v,
                                                                        List<ExternalId> ids) {
        return new dev.switchboard.core.visitor.Visitor(v.id(), v.token(), v.username(), v.name(), v.email(),
                v.phone(), v.department(), v.status(), v.livechatData(), ids, v.ts(), v.updatedAt(), v.lastChat());
    }
}
