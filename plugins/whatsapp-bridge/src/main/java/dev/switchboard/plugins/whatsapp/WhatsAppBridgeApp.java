package dev.switchboard.plugins.whatsapp;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.EnableResult;
import dev.switchboard.spi.SwitchboardApp;
import org.pf4j.Extension;

/**
 * Placeholder lifecycle of the WhatsApp bridge app (plugin id {@code whatsapp-bridge}). It declares no settings
 * and always enables; the bridge itself (settings, webhook endpoint, visitor resolution) is still to be written.
 */
@Extension
public class WhatsAppBridgeApp implements SwitchboardApp {

    /** Creates the app; pf4j instantiates extensions through the public no-argument constructor. */
    public WhatsAppBridgeApp() {
    }

    @Override
    public EnableResult onEnable(AppContext context) {
        return EnableResult.ok();
    }
}
