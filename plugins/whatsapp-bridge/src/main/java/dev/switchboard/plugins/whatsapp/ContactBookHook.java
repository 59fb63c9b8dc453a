package dev.switchboard.plugins.whatsapp;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.ExternalIdConflictException;
import dev.switchboard.spi.RegistrationEvent;
import dev.switchboard.spi.RegistrationFilter;
import dev.switchboard.spi.RegistrationHook;
import dev.switchboard.spi.Visitor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On every registration of a visitor with a phone number, looks up each of the visitor's phones (by digits) in the
 * bridge's contact book; when the bridge knows that number with a BSUID (and parent BSUID) that no other visitor
 * holds, attaches them to the registered visitor, so the registration's response already carries them.
 */
@Extension
public class ContactBookHook implements RegistrationHook {

    private static final Logger LOG = LoggerFactory.getLogger(ContactBookHook.class);

    /** Creates the hook; pf4j instantiates extensions through the public no-argument constructor. */
    public ContactBookHook() {
    }

    /** Only visitors with a phone can be in the contact book; the host skips the others. */
    @Override
    public RegistrationFilter filter() {
        return RegistrationFilter.WITH_PHONE;
    }

    @Override
    public void onVisitorRegistered(RegistrationEvent event, AppContext context) {
        Visitor visitor = event.visitor();
        ContactBook book = new ContactBook(context.store(), context.json());
        for (String phone : visitor.phones()) {
            String digits = DeliveryParser.phoneDigits(phone);
            if (digits == null) {
                continue;
            }
            Optional<ContactBook.Entry> entry = book.lookup(digits);
            if (entry.isEmpty()) {
                continue;
            }
            ContactBook.Entry e = entry.get();
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put(VisitorLinker.TYPE, VisitorLinker.TYPE_BSUID);
            if (e.phoneNumberId() != null) {
                metadata.put(VisitorLinker.PHONE_NUMBER_ID, e.phoneNumberId());
            }
            if (e.username() != null) {
                metadata.put(VisitorLinker.USERNAME, e.username());
            }
            attach(event, context, visitor, e.bsuid(), metadata);
            if (e.parent() != null) {
                Map<String, Object> parentMeta = new LinkedHashMap<>();
                parentMeta.put(VisitorLinker.TYPE, VisitorLinker.TYPE_PARENT);
                attach(event, context, visitor, e.parent(), parentMeta);
            }
        }
    }

    private static void attach(RegistrationEvent event, AppContext context, Visitor visitor, String entityId,
                               Map<String, Object> metadata) {
        if (visitor.externalId(context.appId(), entityId).isPresent()) {
            return;
        }
        Optional<Visitor> owner = context.visitors().findByEntityId(entityId);
        if (owner.isPresent() && !owner.get().id().equals(visitor.id())) {
            LOG.debug("WhatsApp id {} already belongs to visitor {}; not attached to {}",
                    entityId, owner.get().id(), visitor.id());
            return;
        }
        try {
            event.attachExternalId(entityId, metadata);
        } catch (ExternalIdConflictException conflict) {
            LOG.debug("WhatsApp id {} was attached to visitor {} meanwhile", entityId, conflict.existingVisitorId());
        }
    }
}
