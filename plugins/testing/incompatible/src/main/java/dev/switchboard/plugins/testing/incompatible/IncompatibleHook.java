package dev.switchboard.plugins.testing.incompatible;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.RegistrationEvent;
import dev.switchboard.spi.RegistrationHook;
import org.pf4j.Extension;

/** Never runs: the plugin requires SPI 9, which no host provides, so it is listed as incompatible_disabled. */
@Extension
public class IncompatibleHook implements RegistrationHook {

    @Override
    public void onVisitorRegistered(RegistrationEvent event, AppContext context) {
        event.attachExternalId("incompatible-" + event.visitor().token(), null);
    }
}
