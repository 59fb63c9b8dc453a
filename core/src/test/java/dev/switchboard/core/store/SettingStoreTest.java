package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static dev.switchboard.core.store.StoreTests.awaitListening;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.secret.SecretBox;
import dev.switchboard.core.settings.SettingsService;
import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** Host settings ({@link JdbcSettingStore} behind {@link SettingsService}) on SQLite and PostgreSQL. */
class SettingStoreTest {
    private static final SecretBox SECRETS = SecretBox.random();

    @StoreTest
    void defaultsUntilChangedAndChangesSurviveARestart(TestDatabase db) throws Exception {
        SettingsService settings = SettingsService.load(new JdbcSettingStore(db.database(), Clock.systemUTC()),
                SECRETS);
        assertEquals("Rocket.Chat", settings.current().text("Livechat_title"));
        assertTrue(settings.current().bool("Livechat_accept_chats_with_no_agents"), "Switchboard's default");
        assertEquals(5000, settings.current().integer("Livechat_http_timeout"));

        await(settings.update("Livechat_title", "Ask us"));
        await(settings.update("Livechat_title", "Ask us anything"));
        await(settings.update("Livechat_registration_form", false));
        assertEquals("Ask us anything", settings.current().text("Livechat_title"), "applied on this node at once");

        SettingsService restarted = SettingsService.load(new JdbcSettingStore(db.database(), Clock.systemUTC()),
                SECRETS);
        assertEquals("Ask us anything", restarted.current().text("Livechat_title"));
        assertEquals(false, restarted.current().bool("Livechat_registration_form"));
        assertEquals("1", StoreTests.scalar(db.database(),
                "SELECT COUNT(*) FROM settings WHERE id = 'Livechat_title'"), "one row per setting");
    }

    @StoreTest
    void refusesUnknownIdsAndValuesOutOfBoundsWithoutStoringThem(TestDatabase db) throws Exception {
        SettingsService settings = SettingsService.load(new JdbcSettingStore(db.database(), Clock.systemUTC()),
                SECRETS);
        assertThrows(SettingsService.UnknownSettingException.class,
                () -> settings.update("No_such_setting", true));
        assertThrows(IllegalArgumentException.class, () -> settings.update("Livechat_enabled", "yes"),
                "callers check the type");
        ApiError bound = assertThrows(ApiError.class, () -> settings.update("Livechat_http_timeout", 0));
        assertEquals("Value for setting Livechat_http_timeout must be greater than or equal to 1 "
                + "[error-invalid-setting-value]", bound.getMessage());
        ApiError select = assertThrows(ApiError.class,
                () -> settings.update("Livechat_Routing_Method", "Round_Robin"));
        assertEquals("error-invalid-setting-value", select.errorType());
        assertEquals("0", StoreTests.scalar(db.database(), "SELECT COUNT(*) FROM settings"));
    }

    @StoreTest
    void aChangeOnOneNodeIsInEffectOnTheOtherWithoutARestart(TestDatabase db) throws Exception {
        if (!db.isPostgres()) {
            return; // SQLite is one node by construction
        }
        Database nodeB = db.anotherNode();
        SettingsService onA = SettingsService.load(new JdbcSettingStore(db.database(), Clock.systemUTC()),
                SECRETS);
        SettingsService onB = SettingsService.load(new JdbcSettingStore(nodeB, Clock.systemUTC()),
                SECRETS);
        nodeB.events().onSettingChanged(id -> onB.reload());
        awaitListening(nodeB);

        await(onA.update("Livechat_title_color", "#04436A"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!"#04436A".equals(onB.current().text("Livechat_title_color")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals("#04436A", onB.current().text("Livechat_title_color"));
    }
}
