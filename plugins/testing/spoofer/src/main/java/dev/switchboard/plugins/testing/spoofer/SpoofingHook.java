package dev.switchboard.plugins.testing.spoofer;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.RegistrationEvent;
import dev.switchboard.spi.RegistrationHook;
import java.util.Map;
import org.pf4j.Extension;

/** Claims in its metadata to be another app; the host must still store the entry under {@code test-spoofer}. */
@Extension
public class SpoofingHook implements RegistrationHook {

    @Override
    public void onVisitorRegistered(RegistrationEvent event, AppContext context) {
        event.attachExternalId("spoof-hook-" + event.visitor().token(),
                Map.of("appId", "test-attacher", "app_id", "test-attacher", "owner", Map.of("appId", "x")));
    }
}
