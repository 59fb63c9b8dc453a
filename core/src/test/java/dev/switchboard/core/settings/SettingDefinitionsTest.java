package dev.switchboard.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The host settings' definitions: defaults that pass their own checks, and who may read what. */
class SettingDefinitionsTest {

    @Test
    void everyDefaultIsAValidValueOfItsSetting() {
        for (SettingDefinition definition : SettingDefinitions.all()) {
            assertEquals(definition.defaultValue(), definition.check(definition.defaultValue()), definition.id());
        }
    }

    @Test
    void theWidgetsSettingsArePublicTheDesksAreNotAndOnlyTheTokenIsSecret() {
        for (String id : List.of(SettingDefinitions.TITLE, SettingDefinitions.REGISTRATION_FORM,
                SettingDefinitions.ROUTING_METHOD, SettingDefinitions.LANGUAGE)) {
            assertTrue(SettingDefinitions.find(id).orElseThrow().visibleToAll(), id);
        }
        for (String id : List.of(SettingDefinitions.WEBHOOK_URL, SettingDefinitions.SECRET_TOKEN,
                SettingDefinitions.HTTP_TIMEOUT, SettingDefinitions.WEBHOOK_ON_AGENT_MESSAGE,
                SettingDefinitions.ACCEPT_CHATS_WITH_NO_AGENTS)) {
            assertFalse(SettingDefinitions.find(id).orElseThrow().visibleToAll(), id);
        }
        assertEquals(List.of(SettingDefinitions.SECRET_TOKEN), SettingDefinitions.all().stream()
                .filter(SettingDefinition::secret).map(SettingDefinition::id).toList());
    }

    @Test
    void listedByIdAsRocketChatSortsThem() {
        List<String> ids = SettingDefinitions.all().stream().map(SettingDefinition::id).toList();
        assertEquals(ids.stream().sorted().toList(), ids);
        assertTrue(SettingDefinitions.find("Livechat_webhook_on_offline_msg").isPresent());
        assertTrue(SettingDefinitions.find("livechat_title").isEmpty(), "ids are case-sensitive");
    }
}
