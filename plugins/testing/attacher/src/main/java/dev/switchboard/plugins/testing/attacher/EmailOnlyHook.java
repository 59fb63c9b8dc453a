package dev.switchboard.plugins.testing.attacher;

import dev.switchboard.spi.RegistrationFilter;
import org.pf4j.Extension;

/** Attaches {@code "email-" + token}; called only for visitors with an email address. */
@Extension
public class EmailOnlyHook extends FilteredAttachHook {

    /** Creates the hook; pf4j instantiates extensions through the public no-argument constructor. */
    public EmailOnlyHook() {
        super("email-", RegistrationFilter.WITH_EMAIL);
    }
}
