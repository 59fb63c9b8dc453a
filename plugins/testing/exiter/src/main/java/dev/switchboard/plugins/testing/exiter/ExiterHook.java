package dev.switchboard.plugins.testing.exiter;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.RegistrationEvent;
import dev.switchboard.spi.RegistrationHook;
import org.pf4j.Extension;

/** An extension, so the jar is a valid app; it is never reached, the plugin's start exits first. */
@Extension
public class ExiterHook implements RegistrationHook {

    @Override
    public void onVisitorRegistered(RegistrationEvent event, AppContext context) {
        // never called
    }
}
