package dev.switchboard.plugins.testing.attacher;

import dev.switchboard.spi.RegistrationFilter;
import org.pf4j.Extension;

/** Attaches {@code "phone-" + token}; called only for visitors with a phone number. */
@Extension
public class PhoneOnlyHook extends FilteredAttachHook {

    /** Creates the hook; pf4j instantiates extensions through the public no-argument constructor. */
    public PhoneOnlyHook() {
        super("phone-", RegistrationFilter.WITH_PHONE);
    }
}
