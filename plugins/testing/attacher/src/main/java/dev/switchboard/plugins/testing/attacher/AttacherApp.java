package dev.switchboard.plugins.testing.attacher;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.EnableResult;
import dev.switchboard.spi.SettingDefinition;
import dev.switchboard.spi.SettingType;
import dev.switchboard.spi.SwitchboardApp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * Declares a required secret {@code apiKey} and an optional boolean {@code verbose}; records setting changes;
 * refuses to save an {@code apiKey} that holds white space, without echoing it.
 */
@Extension
public class AttacherApp implements SwitchboardApp {

    @Override
    public List<SettingDefinition> settings() {
        return List.of(
                SettingDefinition.builder("apiKey", SettingType.STRING)
                        .required()
                        .secret()
                        .label("API key")
                        .description("The key the channel gave you")
                        .build(),
                SettingDefinition.builder("verbose", SettingType.BOOLEAN)
                        .defaultValue("false")
                        .label("Verbose logging")
                        .build());
    }

    @Override
    public EnableResult onEnable(AppContext context) {
        // Required settings are checked by the host before onEnable; refuse values you cannot use.
        if (context.settings().require("apiKey").equals("refuse-me")) {
            return EnableResult.refuse("apiKey 'refuse-me' is not accepted");
        }
        return EnableResult.ok();
    }

    @Override
    public Optional<String> validateSetting(String settingId, String value) {
        if (settingId.equals("apiKey") && value.chars().anyMatch(Character::isWhitespace)) {
            return Optional.of("The API key holds white space: paste it without spaces or line breaks");
        }
        return Optional.empty();
    }

    @Override
    public void onSettingChanged(String settingId, AppContext context) {
        context.store().put("setting-changed/" + settingId, "yes".getBytes(StandardCharsets.UTF_8));
    }
}
