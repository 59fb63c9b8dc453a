package dev.switchboard.plugins.whatsapp;

import dev.switchboard.plugins.whatsapp.Delivery.Event;
import dev.switchboard.plugins.whatsapp.Delivery.IdChange;
import dev.switchboard.plugins.whatsapp.Delivery.Sender;
import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.ContactData;
import dev.switchboard.spi.ExternalId;
import dev.switchboard.spi.ExternalIdConflictException;
import dev.switchboard.spi.ExternalIdentity;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorDirectory;
import dev.switchboard.spi.VisitorRegistration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds or creates the visitor behind one WhatsApp event and keeps its WhatsApp ids up to date.
 *
 * <p>Resolution order: parent BSUID → BSUID (including the old ids of a rotation, and the ids the same delivery
 * says the event's ids replaced) → phone by digits → create. A rotation that names only new ids never creates.
 * The last two steps and the create are one {@link VisitorDirectory#resolveOrCreate} call keyed by the current
 * BSUID, which the host makes atomic, so concurrent deliveries for a new person make one visitor. Every id the
 * event names is then attached to that visitor (old ids are kept after a rotation, so late deliveries still
 * resolve); an id that already belongs to another visitor is left there and logged (never auto-merged).
 *
 * <p>One linker serves one batch of deliveries: {@link #prefetch} finds the visitors of the batch's ids in one host
 * call, and each event's outcome is remembered for the next, so a known sender costs no host call at all (the
 * visitor it yields is the one the host would have returned: a known id resolves to its holder as is). Ids the
 * prefetch did not find still go to the host, which creates or links atomically.
 *
 * <p>Every step is idempotent, so processing an event again changes nothing. One instance per batch, on one
 * thread.
 */
final class VisitorLinker {
    /** 9999-12-31T23:59:59Z in unix seconds. */
    private static final long LAST_SECOND_OF_9999 = 253_402_300_799L;

    private static final Logger LOG = LoggerFactory.getLogger(VisitorLinker.class);

    static final String TYPE = "type";
    static final String TYPE_BSUID = "bsuid";
    static final String TYPE_PARENT = "parent_bsuid";
    static final String USERNAME = "username";
    static final String PHONE_NUMBER_ID = "phoneNumberId";
    static final String SUPERSEDED_BY = "supersededBy";
    static final String SUPERSEDED_AT = "supersededAt";
    static final String PROFILE_NAME = "profileName";
    static final String PROFILE_AT = "profileAt";

    private final AppContext context;
    private final VisitorDirectory directory;
    private final ContactBook book;
    /** The visitors this batch knows, by each of this app's ids they hold. */
    private final Map<String, Visitor> known = new HashMap<>();

    VisitorLinker(AppContext context) {
        this.context = context;
        this.directory = context.visitors();
        this.book = new ContactBook(context.store(), context.json());
    }

    /** Finds, in one host call, the visitors holding any of {@code ids}, for the events linked next. */
    void prefetch(Collection<String> ids) {
        if (!ids.isEmpty()) {
            known.putAll(directory.findAllByEntityIds(ids));
        }
    }

    /**
     * Links one event.
     *
     * @param event        the event
     * @param predecessors the rotations of the event's delivery, new id → old id ({@link Delivery#predecessors})
     * @return the visitor, or empty when the event names no one (no BSUID and no parent BSUID), or when it is a
     *         rotation that names only new ids and no visitor holds them
     */
    Optional<Visitor> link(Event event, Map<String, String> predecessors) {
        Sender sender = event.sender();
        IdChange change = event.change();
        List<String> parents = distinct(sender.parentBsuid(), change == null ? null : change.oldParent(),
                change == null ? null : change.newParent());
        List<String> bsuids = distinct(sender.bsuid(), change == null ? null : change.oldBsuid(),
                change == null ? null : change.newBsuid());
        String currentBsuid = change != null && change.newBsuid() != null ? change.newBsuid() : sender.bsuid();
        if (currentBsuid == null && !bsuids.isEmpty()) {
            currentBsuid = bsuids.get(0);
        }
        String currentParent = change != null && change.newParent() != null ? change.newParent() : sender.parentBsuid();
        String key = currentBsuid != null ? currentBsuid : currentParent;
        if (key == null) {
            LOG.debug("event {} names no BSUID; skipped", event.wamid());
            return Optional.empty();
        }
        String matchPhone = firstNonNull(sender.phoneDigits(), change == null ? null : change.oldPhoneDigits(),
                change == null ? null : change.newPhoneDigits());
        String storePhone = firstNonNull(change == null ? null : change.newPhoneDigits(), sender.phoneDigits());

        Visitor visitor = findByOtherIds(key, bsuids, parents, predecessors);
        if (visitor == null) {
            visitor = known.get(key); // as the host resolves an id it holds: that visitor, unchanged
        }
        // 3. the current BSUID, then the phone, then create: atomic in the host
        if (visitor == null) {
            Map<String, Object> metadata = metadataFor(key, Map.of(), event, currentBsuid, currentParent, true);
            ContactData contact = matchPhone == null ? ContactData.none() : ContactData.ofPhone("+" + matchPhone);
            if (change != null && !namesAnOldId(change)) {
                // A rotation that names only the new ids (user_changed_user_id without previous_user_id) links
                // nothing to anything: it may update a visitor that holds them, never create an orphan.
                visitor = directory.resolve(new ExternalIdentity(key, metadata), contact).orElse(null);
                if (visitor == null) {
                    LOG.debug("event {} renames no one known; skipped", event.wamid());
                    return Optional.empty();
                }
            } else {
                VisitorRegistration registration = VisitorRegistration.builder(null)
                        .name(sender.name())
                        .phone(storePhone == null ? null : "+" + storePhone)
                        .build();
                visitor = directory.resolveOrCreate(new ExternalIdentity(key, metadata), contact, registration);
            }
        }

        boolean newestProfile = isNewestProfile(visitor, event);
        List<String> defaultNames = profileNames(visitor);
        for (String id : concat(bsuids, parents)) {
            visitor = attach(visitor, id, event, currentBsuid, currentParent, newestProfile);
        }
        visitor = storePhone(visitor, storePhone, change);
        visitor = refreshName(visitor, event, newestProfile, defaultNames);
        rememberPairs(event, currentBsuid, currentParent);
        for (ExternalId id : visitor.externalIdsOf(context.appId())) {
            known.put(id.entityId(), visitor);
        }
        LOG.debug("event {} linked to visitor {}", event.wamid(), visitor.id());
        return Optional.of(visitor);
    }

    /**
     * Steps 1 and 2 of the resolution: the parent BSUIDs, the BSUIDs other than {@code key} (the old ids of a
     * rotation: they are the ones already stored), then the ids the delivery says these replaced.
     */
    private Visitor findByOtherIds(String key, List<String> bsuids, List<String> parents,
                                   Map<String, String> predecessors) {
        List<String> lookups = new ArrayList<>(parents);
        for (String id : bsuids) {
            if (!id.equals(key)) {
                lookups.add(id);
            }
        }
        List<String> named = concat(concat(List.of(key), bsuids), parents);
        for (String id : named) {
            // follow a chain of rotations back (bounded: a delivery cannot make a cycle loop forever)
            String earlier = predecessors.get(id);
            for (int depth = 0; earlier != null && depth < 8; depth++) {
                if (!lookups.contains(earlier) && !named.contains(earlier)) {
                    lookups.add(earlier);
                }
                earlier = predecessors.get(earlier);
            }
        }
        for (String id : lookups) {
            Optional<Visitor> found = known.containsKey(id) ? Optional.of(known.get(id))
                    : directory.findByEntityId(id);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return null;
    }

    /** Whether a change names an id it replaces (an old BSUID, parent BSUID or phone), not only new ones. */
    private static boolean namesAnOldId(IdChange change) {
        return (change.oldBsuid() != null && !change.oldBsuid().equals(change.newBsuid()))
                || (change.oldParent() != null && !change.oldParent().equals(change.newParent()))
                || change.oldPhoneDigits() != null;
    }

    /**
     * Whether this event's profile is at least as recent as every profile already applied to the visitor
     * ({@code profileAt} on its WhatsApp ids). Meta retries for days, so a retry of an older message must not
     * rewind the username or the name. An event without a timestamp only counts when none is stored.
     */
    private boolean isNewestProfile(Visitor visitor, Event event) {
        Long at = seconds(event.timestamp());
        Long latest = null;
        for (ExternalId id : visitor.externalIdsOf(context.appId())) {
            Long stored = seconds(id.metadata().get(PROFILE_AT));
            if (stored != null && (latest == null || stored > latest)) {
                latest = stored;
            }
        }
        return latest == null || (at != null && at >= latest);
    }

    /** The profile names the bridge applied to the visitor ({@code profileName} on its WhatsApp ids). */
    private List<String> profileNames(Visitor visitor) {
        List<String> names = new ArrayList<>();
        for (ExternalId id : visitor.externalIdsOf(context.appId())) {
            if (id.metadata().get(PROFILE_NAME) instanceof String name) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * Refreshes the visitor's name from the newest profile while the name is still the default one: none, or a
     * profile name the bridge applied earlier. A name an agent or the visitor chose is never overwritten.
     */
    private Visitor refreshName(Visitor visitor, Event event, boolean newestProfile, List<String> defaultNames) {
        String name = event.sender().name();
        if (!newestProfile || event.change() != null || name == null || name.equals(visitor.name())
                || (visitor.name() != null && !defaultNames.contains(visitor.name()))) {
            return visitor;
        }
        return directory.register(VisitorRegistration.builder(visitor.token()).name(name).build());
    }

    /**
     * Unix seconds from Meta's {@code timestamp} text (or a stored value), or null when absent, malformed or outside
     * 1970 to 9999 (no message is sent then, and a time beyond would overflow the host's milliseconds).
     */
    static Long seconds(Object value) {
        Long seconds = null;
        if (value instanceof Number n) {
            seconds = n.longValue();
        } else if (value instanceof String s) {
            try {
                seconds = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return seconds != null && seconds >= 0 && seconds <= LAST_SECOND_OF_9999 ? seconds : null;
    }

    private Visitor attach(Visitor visitor, String id, Event event, String currentBsuid, String currentParent,
                           boolean newestProfile) {
        Optional<ExternalId> existing = visitor.externalId(context.appId(), id);
        Map<String, Object> stored = existing.map(ExternalId::metadata).orElse(Map.of());
        Map<String, Object> desired = metadataFor(id, stored, event, currentBsuid, currentParent, newestProfile);
        if (existing.isPresent() && desired.equals(stored)) {
            return visitor;
        }
        try {
            return directory.attachExternalId(visitor.id(), new ExternalIdentity(id, desired));
        } catch (ExternalIdConflictException e) {
            LOG.warn("WhatsApp id {} belongs to visitor {}, not to visitor {}; not merging them",
                    id, e.existingVisitorId(), visitor.id());
            return visitor;
        }
    }

    /**
     * The metadata an id should carry: {@code type}, the business number, on the current BSUID the newest
     * profile ({@code username}, removed when a profile arrives without one; {@code profileName}; and
     * {@code profileAt}, the message's timestamp), and on an id a rotation replaced {@code supersededBy} (the
     * id that replaced it) and {@code supersededAt} (the rotation's timestamp). Other keys already stored are
     * kept.
     */
    private static Map<String, Object> metadataFor(String id, Map<String, Object> stored, Event event,
                                                   String currentBsuid, String currentParent,
                                                   boolean newestProfile) {
        Map<String, Object> m = new LinkedHashMap<>(stored);
        Sender sender = event.sender();
        IdChange change = event.change();
        boolean parent = id.equals(currentParent) || (change != null && id.equals(change.oldParent()))
                || id.equals(sender.parentBsuid());
        m.put(TYPE, parent && !id.equals(currentBsuid) ? TYPE_PARENT : TYPE_BSUID);
        boolean current = id.equals(currentBsuid) || id.equals(currentParent);
        if (event.phoneNumberId() != null && (current || !m.containsKey(PHONE_NUMBER_ID))) {
            m.put(PHONE_NUMBER_ID, event.phoneNumberId());
        }
        if (id.equals(currentBsuid) && sender.profileKnown() && change == null && newestProfile) {
            if (sender.username() != null) {
                m.put(USERNAME, sender.username());
            } else {
                m.remove(USERNAME);
            }
            if (sender.name() != null) {
                m.put(PROFILE_NAME, sender.name());
            }
            Long at = seconds(event.timestamp());
            if (at != null) {
                m.put(PROFILE_AT, at.toString());
            }
        }
        if (change != null && !current) {
            String replacement = parent ? change.newParent() : change.newBsuid();
            if (replacement != null && !replacement.equals(id) && !replacement.equals(m.get(SUPERSEDED_BY))) {
                m.put(SUPERSEDED_BY, replacement);
                Long at = seconds(event.timestamp());
                if (at != null) {
                    m.put(SUPERSEDED_AT, at.toString());
                } else {
                    m.remove(SUPERSEDED_AT);
                }
            }
        }
        return m;
    }

    /**
     * Stores the phone on the visitor as {@code +<digits>} when it has none yet, or when the user changed their
     * number and the visitor held the old one (the visitor's phone then becomes the new number). A number another
     * visitor owns is stored without its digits by the host; a number the host refuses
     * ({@link IllegalArgumentException}) is left out; any other failure propagates.
     */
    private Visitor storePhone(Visitor visitor, String digits, IdChange change) {
        if (digits == null || hasPhone(visitor, digits)) {
            return visitor;
        }
        boolean numberChanged = change != null && "user_changed_number".equals(change.kind())
                && (change.oldPhoneDigits() == null || hasPhone(visitor, change.oldPhoneDigits()));
        if (!visitor.phones().isEmpty() && !numberChanged) {
            LOG.debug("visitor {} keeps its phone; the WhatsApp number differs", visitor.id());
            return visitor;
        }
        try {
            return directory.register(VisitorRegistration.builder(visitor.token()).phone("+" + digits).build());
        } catch (IllegalArgumentException e) {
            // The host refused the number: keep the visitor as it is. Anything else (HostUnavailableException:
            // database down, timeout) propagates, so the delivery is retried instead of losing the new number.
            LOG.warn("could not store the WhatsApp phone on visitor {}: {}", visitor.id(), e.getClass().getName());
            return visitor;
        }
    }

    private void rememberPairs(Event event, String currentBsuid, String currentParent) {
        Sender sender = event.sender();
        IdChange change = event.change();
        String username = sender.profileKnown() ? sender.username() : null;
        if (sender.phoneDigits() != null && sender.bsuid() != null) {
            boolean rotatedAway = change != null && change.newBsuid() != null
                    && !change.newBsuid().equals(sender.bsuid()) && change.newPhoneDigits() == null;
            String bsuid = rotatedAway ? change.newBsuid() : sender.bsuid();
            String parent = rotatedAway ? currentParent : sender.parentBsuid();
            book.remember(sender.phoneDigits(), new ContactBook.Entry(bsuid, parent, username, event.phoneNumberId()));
        }
        if (change != null && change.newPhoneDigits() != null && currentBsuid != null) {
            book.remember(change.newPhoneDigits(),
                    new ContactBook.Entry(currentBsuid, currentParent, null, event.phoneNumberId()));
        }
    }

    static boolean hasPhone(Visitor visitor, String digits) {
        for (String phone : visitor.phones()) {
            if (digits.equals(phone.replaceAll("[^0-9]", ""))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> distinct(String... values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v != null && !out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        for (String v : b) {
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
