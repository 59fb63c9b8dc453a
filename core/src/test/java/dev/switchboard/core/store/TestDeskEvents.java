package dev.switchboard.core.store;

import dev.switchboard.core.secret.SecretBox;
import dev.switchboard.core.settings.SettingsService;
import java.time.Clock;

/** The webhook recorder as the host builds it, over a test database's own settings. */
final class TestDeskEvents {
    private TestDeskEvents() { }

    static DeskEvents of(Database database) {
        try {
            SettingsService settings = SettingsService.load(new JdbcSettingStore(database, Clock.systemUTC()),
                    SecretBox.random());
            return new DeskEvents(settings::current, Clock.systemUTC());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
