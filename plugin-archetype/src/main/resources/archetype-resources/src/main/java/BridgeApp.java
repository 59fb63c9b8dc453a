package ${package};

import dev.switchboard.spi.SettingDefinition;
import dev.switchboard.spi.SettingType;
import dev.switchboard.spi.SwitchboardApp;
import java.util.List;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * The app's settings. {@code webhookToken} is the shared secret the channel sends with every delivery; the host
 * keeps the app off ({@code invalid_settings_disabled}) until an operator sets it, never shows it back, and runs
 * {@link #validateSetting} before saving it.
 */
@Extension
public class BridgeApp implements SwitchboardApp {

    /** The setting id of the webhook's shared secret. */
    public static final String WEBHOOK_TOKEN = "webhookToken";

    @Override
    public List<SettingDefinition> settings() {
        return List.of(SettingDefinition.builder(WEBHOOK_TOKEN, SettingType.STRING)
                .required()
                .secret()
                .label("Webhook token")
                .description("The secret the channel sends in the X-Webhook-Token header")
                .build());
    }

    @Override
    public Optional<String> validateSetting(String settingId, String value) {
        // Never echo a secret's value in the message: administrators see it.
        if (settingId.equals(WEBHOOK_TOKEN) && (value.length() < 16 || value.chars().anyMatch(Character::isWhitespace))) {
            return Optional.of("The webhook token must be at least 16 characters, without spaces");
        }
        return Optional.empty();
    }
}
