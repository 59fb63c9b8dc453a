package dev.switchboard.plugins.testing.thrower;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.RegistrationEvent;
import dev.switchboard.spi.RegistrationHook;
import org.pf4j.Extension;

/** A registration hook that always fails: the host must contain it and, after repeated failures, switch it off. */
@Extension
public class ThrowingHook implements RegistrationHook {

    @Override
    public void onVisitorRegistered(RegistrationEvent event, AppContext context) {
        throw new IllegalStateException("thrower always fails");
    }
}
