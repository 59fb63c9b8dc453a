package dev.switchboard.plugins.testing.attacher;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.RegistrationEvent;
import dev.switchboard.spi.RegistrationFilter;
import dev.switchboard.spi.RegistrationHook;
import java.util.Map;
import org.pf4j.Extension;

/**
 * Attaches {@code "phone-" + token}. Called only for visitors with a phone number: the host applies the filter.
 */
@Extension
public class PhoneOnlyHook implements RegistrationHook {

    @Override
    public RegistrationFilter filter() {
        return RegistrationFilter.WITH_PHONE;
    }

    @Override
    public void onVisitorRegistered(RegistrationEvent event, AppContext context) {
        event.attachExternalId("phone-" + event.visitor().token(), Map.of("source", "phone-hook"));
    }
}
