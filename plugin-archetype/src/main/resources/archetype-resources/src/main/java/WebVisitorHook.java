package ${package};

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.RegistrationEvent;
import dev.switchboard.spi.RegistrationFilter;
import dev.switchboard.spi.RegistrationHook;
import dev.switchboard.spi.RegistrationSource;
import java.util.Map;
import org.pf4j.Extension;

/**
 * Marks visitors who registered through the website widget with a phone or an email, so the bridge can tell
 * them apart: attaches this app's entity id {@code web:<token>}. The entry is in the same registration's answer.
 * A widget visitor's phone and email are what they typed, not proven: never link them to a channel contact by
 * those alone.
 */
@Extension
public class WebVisitorHook implements RegistrationHook {

    @Override
    public RegistrationFilter filter() {
        return RegistrationFilter.WITH_PHONE_OR_EMAIL;
    }

    @Override
    public void onVisitorRegistered(RegistrationEvent event, AppContext context) {
        if (event.source() == RegistrationSource.REST) {
            event.attachExternalId("web:" + event.visitor().token(), Map.of("source", "widget"));
        }
    }
}
