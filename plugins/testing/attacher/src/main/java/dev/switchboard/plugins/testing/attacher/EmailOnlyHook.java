package dev.switchboard.plugins.testing.attacher;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.RegistrationEvent;
import dev.switchboard.spi.RegistrationFilter;
import dev.switchboard.spi.RegistrationHook;
import java.util.Map;
import org.pf4j.Extension;

/**
 * Attaches {@code "email-" + token}. Called only for visitors with an email address: the host applies the filter.
 */
@Extension
public class EmailOnlyHook implements RegistrationHook {

    @Override
    public RegistrationFilter filter() {
        return RegistrationFilter.WITH_EMAIL;
    }

    @Override
    public void onVisitorRegistered(RegistrationEvent event, AppContext context) {
        event.attachExternalId("email-" + event.visitor().token(), Map.of("source", "email-hook"));
    }
}
