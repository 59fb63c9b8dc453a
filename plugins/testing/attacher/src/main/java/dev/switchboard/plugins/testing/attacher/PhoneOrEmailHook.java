package dev.switchboard.plugins.testing.attacher;

import dev.switchboard.spi.RegistrationFilter;
import org.pf4j.Extension;

/** Attaches {@code "contact-" + token}; called only for visitors with a phone number or an email address. */
@Extension
public class PhoneOrEmailHook extends FilteredAttachHook {

    /** Creates the hook; pf4j instantiates extensions through the public no-argument constructor. */
    public PhoneOrEmailHook() {
        super("contact-", RegistrationFilter.WITH_PHONE_OR_EMAIL);
    }
}
