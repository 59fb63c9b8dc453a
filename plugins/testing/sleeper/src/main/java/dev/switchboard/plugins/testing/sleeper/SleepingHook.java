package dev.switchboard.plugins.testing.sleeper;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.RegistrationEvent;
import dev.switchboard.spi.RegistrationHook;
import org.pf4j.Extension;

/** A registration hook that sleeps 30 s, far past any hook budget; the host must stop waiting and interrupt it. */
@Extension
public class SleepingHook implements RegistrationHook {

    @Override
    public void onVisitorRegistered(RegistrationEvent event, AppContext context) throws InterruptedException {
        Thread.sleep(30_000);
        event.attachExternalId("too-late-" + event.visitor().token(), null);
    }
}
