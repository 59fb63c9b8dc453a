package dev.switchboard.plugins.testing.attacher;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.RegistrationEvent;
import dev.switchboard.spi.RegistrationHook;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.pf4j.Extension;

/**
 * Attaches {@code "ext-" + token} to every registered visitor. The metadata's {@code appId} is plain data: the
 * host stores the entry under this plugin's id whatever the metadata says. Also records, per token, whether the
 * hook ran with the plugin's class loader as the thread context class loader.
 */
@Extension
public class AttacherHook implements RegistrationHook {

    @Override
    public void onVisitorRegistered(RegistrationEvent event, AppContext context) {
        String token = event.visitor().token();
        event.attachExternalId("ext-" + token, Map.of("source", "hook", "appId", "someone-else"));
        boolean pluginLoader = Thread.currentThread().getContextClassLoader() == getClass().getClassLoader();
        context.store().put("hook-tccl/" + token,
                String.valueOf(pluginLoader).getBytes(StandardCharsets.UTF_8));
    }
}
