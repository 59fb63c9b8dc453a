package dev.switchboard.plugins.whatsapp;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.ErasedVisitor;
import dev.switchboard.spi.ErasureHook;
import dev.switchboard.spi.ExternalId;
import org.pf4j.Extension;

/**
 * After a visitor is erased (the host has already removed its external ids), removes what the bridge's contact
 * book keeps about it: the entries of its phones' digits and of its BSUIDs and parent BSUIDs, and the phone
 * entries those ids point to; and the time of its last WhatsApp message ({@link ServiceWindow}).
 */
@Extension
public class ContactBookErasureHook implements ErasureHook {

    /** Creates the hook; pf4j instantiates extensions through the public no-argument constructor. */
    public ContactBookErasureHook() {
    }

    @Override
    public void onVisitorErased(ErasedVisitor erased, AppContext context) {
        ContactBook book = new ContactBook(context.store(), context.json());
        for (String phone : erased.phones()) {
            String digits = phone.replaceAll("[^0-9]", "");
            if (!digits.isEmpty()) {
                book.forgetPhone(digits);
            }
        }
        for (ExternalId id : erased.externalIds()) {
            if (id.appId().equals(context.appId())) {
                book.forgetId(id.entityId());
            }
        }
        new ServiceWindow(context.store()).forget(erased.id());
    }
}
