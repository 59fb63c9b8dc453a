package dev.switchboard.plugins.testing.attacher;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.RegistrationEvent;
import dev.switchboard.spi.RegistrationFilter;
import dev.switchboard.spi.RegistrationHook;
import java.util.Map;

/** Attaches {@code prefix + token} to the registrations its filter names; the host applies the filter. */
abstract class FilteredAttachHook implements RegistrationHook {
    private final String prefix;
    private final RegistrationFilter filter;

    FilteredAttachHook(String prefix, RegistrationFilter filter) {
        this.prefix = prefix;
        this.filter = filter;
    }

    @Override
    public RegistrationFilter filter() {
        return filter;
    }

    @Override
    public void onVisitorRegistered(RegistrationEvent event, AppContext context) {
        event.attachExternalId(prefix + event.visitor().token(), Map.of("source", prefix + "hook"));
    }
}
