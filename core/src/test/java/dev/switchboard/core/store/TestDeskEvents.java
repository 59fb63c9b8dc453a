package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;

import dev.switchboard.core.secret.SecretBox;
import dev.switchboard.core.settings.SettingDefinitions;
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

    /** The recorder with the webhook configured: offline and visitor message events on. */
    static DeskEvents configured(Database database) throws Exception {
        SettingsService settings = SettingsService.load(new JdbcSettingStore(database, Clock.systemUTC()),
                SecretBox.random());
        await(settings.update(SettingDefinitions.WEBHOOK_URL, "http://127.0.0.1:9/hook"));
        await(settings.update(SettingDefinitions.WEBHOOK_ON_OFFLINE_MSG, true));
        await(settings.update(SettingDefinitions.WEBHOOK_ON_VISITOR_MESSAGE, true));
        return new DeskEvents(settings::current, Clock.systemUTC());
    }
}
