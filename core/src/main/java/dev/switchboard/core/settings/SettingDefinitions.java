package dev.switchboard.core.settings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every host setting, with Rocket.Chat 8.4's ids, types and defaults (its {@code server/settings/omnichannel.ts}
 * and general settings), sorted by id as Rocket.Chat lists them. One default differs on purpose:
 * {@value #ACCEPT_CHATS_WITH_NO_AGENTS} is on, because the desk that answers may live outside Switchboard.
 * Settings the host has no feature for (file upload, calls, transcripts by e-mail) are not here: the widget's
 * configuration says those features are off.
 */
public final class SettingDefinitions {
    public static final String ENABLED = "Livechat_enabled";
    public static final String TITLE = "Livechat_title";
    public static final String TITLE_COLOR = "Livechat_title_color";
    public static final String ENABLE_MESSAGE_CHARACTER_LIMIT = "Livechat_enable_message_character_limit";
    public static final String MESSAGE_CHARACTER_LIMIT = "Livechat_message_character_limit";
    public static final String MESSAGE_MAX_ALLOWED_SIZE = "Message_MaxAllowedSize";
    public static final String DISPLAY_OFFLINE_FORM = "Livechat_display_offline_form";
    public static final String CLEAR_LOCAL_STORAGE_WHEN_CHAT_ENDED = "Livechat_clear_local_storage_when_chat_ended";
    public static final String OFFLINE_FORM_UNAVAILABLE = "Livechat_offline_form_unavailable";
    public static final String OFFLINE_TITLE = "Livechat_offline_title";
    public static final String OFFLINE_TITLE_COLOR = "Livechat_offline_title_color";
    public static final String OFFLINE_MESSAGE = "Livechat_offline_message";
    public static final String OFFLINE_SUCCESS_MESSAGE = "Livechat_offline_success_message";
    public static final String ALLOW_SWITCHING_DEPARTMENTS = "Livechat_allow_switching_departments";
    public static final String SHOW_AGENT_INFO = "Livechat_show_agent_info";
    public static final String SHOW_AGENT_EMAIL = "Livechat_show_agent_email";
    public static final String CONVERSATION_FINISHED_MESSAGE = "Livechat_conversation_finished_message";
    public static final String CONVERSATION_FINISHED_TEXT = "Livechat_conversation_finished_text";
    public static final String REGISTRATION_FORM = "Livechat_registration_form";
    public static final String NAME_FIELD_REGISTRATION_FORM = "Livechat_name_field_registration_form";
    public static final String EMAIL_FIELD_REGISTRATION_FORM = "Livechat_email_field_registration_form";
    public static final String REGISTRATION_FORM_MESSAGE = "Livechat_registration_form_message";
    public static final String HISTORY_MONITOR_TYPE = "Livechat_history_monitor_type";
    public static final String FORCE_ACCEPT_DATA_PROCESSING_CONSENT = "Livechat_force_accept_data_processing_consent";
    public static final String DATA_PROCESSING_CONSENT_TEXT = "Livechat_data_processing_consent_text";
    public static final String VISITORS_CAN_CLOSE_CHAT = "Omnichannel_allow_visitors_to_close_conversation";
    public static final String LANGUAGE = "Language";
    public static final String ROUTING_METHOD = "Livechat_Routing_Method";
    public static final String ACCEPT_CHATS_WITH_NO_AGENTS = "Livechat_accept_chats_with_no_agents";
    public static final String WEBHOOK_URL = "Livechat_webhookUrl";
    public static final String SECRET_TOKEN = "Livechat_secret_token";
    public static final String HTTP_TIMEOUT = "Livechat_http_timeout";
    public static final String WEBHOOK_ON_START = "Livechat_webhook_on_start";
    public static final String WEBHOOK_ON_CLOSE = "Livechat_webhook_on_close";
    public static final String WEBHOOK_ON_CHAT_TAKEN = "Livechat_webhook_on_chat_taken";
    public static final String WEBHOOK_ON_CHAT_QUEUED = "Livechat_webhook_on_chat_queued";
    public static final String WEBHOOK_ON_FORWARD = "Livechat_webhook_on_forward";
    public static final String WEBHOOK_ON_OFFLINE_MSG = "Livechat_webhook_on_offline_msg";
    public static final String WEBHOOK_ON_VISITOR_MESSAGE = "Livechat_webhook_on_visitor_message";
    public static final String WEBHOOK_ON_AGENT_MESSAGE = "Livechat_webhook_on_agent_message";

    /** Rocket.Chat's routing methods; only {@code Manual_Selection} makes the widget say it is connecting. */
    public static final String MANUAL_SELECTION = "Manual_Selection";
    public static final String AUTO_SELECTION = "Auto_Selection";

    private static final Map<String, SettingDefinition> BY_ID = build();

    private SettingDefinitions() { }

    private static Map<String, SettingDefinition> build() {
        List<SettingDefinition> all = new ArrayList<>();
        // The widget's look and forms: public in Rocket.Chat, so every signed-in user may read them.
        all.add(visible(ENABLED, SettingType.BOOLEAN, true));
        all.add(visible(TITLE, SettingType.STRING, "Rocket.Chat"));
        all.add(visible(TITLE_COLOR, SettingType.COLOR, "#C1272D"));
        all.add(visible(ENABLE_MESSAGE_CHARACTER_LIMIT, SettingType.BOOLEAN, false));
        all.add(atLeast(visible(MESSAGE_CHARACTER_LIMIT, SettingType.INT, 0), 0));
        all.add(atLeast(visible(MESSAGE_MAX_ALLOWED_SIZE, SettingType.INT, 5000), 1));
        all.add(visible(DISPLAY_OFFLINE_FORM, SettingType.BOOLEAN, true));
        all.add(visible(CLEAR_LOCAL_STORAGE_WHEN_CHAT_ENDED, SettingType.BOOLEAN, false));
        all.add(visible(OFFLINE_FORM_UNAVAILABLE, SettingType.STRING, ""));
        all.add(visible(OFFLINE_TITLE, SettingType.STRING, "Leave a message"));
        all.add(visible(OFFLINE_TITLE_COLOR, SettingType.COLOR, "#666666"));
        all.add(visible(OFFLINE_MESSAGE, SettingType.STRING, ""));
        all.add(visible(OFFLINE_SUCCESS_MESSAGE, SettingType.STRING, ""));
        all.add(visible(ALLOW_SWITCHING_DEPARTMENTS, SettingType.BOOLEAN, true));
        all.add(visible(SHOW_AGENT_INFO, SettingType.BOOLEAN, true));
        all.add(visible(SHOW_AGENT_EMAIL, SettingType.BOOLEAN, true));
        all.add(visible(CONVERSATION_FINISHED_MESSAGE, SettingType.STRING, ""));
        all.add(visible(CONVERSATION_FINISHED_TEXT, SettingType.STRING, ""));
        all.add(visible(REGISTRATION_FORM, SettingType.BOOLEAN, true));
        all.add(visible(NAME_FIELD_REGISTRATION_FORM, SettingType.BOOLEAN, true));
        all.add(visible(EMAIL_FIELD_REGISTRATION_FORM, SettingType.BOOLEAN, true));
        all.add(visible(REGISTRATION_FORM_MESSAGE, SettingType.STRING, ""));
        all.add(new SettingDefinition(HISTORY_MONITOR_TYPE, SettingType.SELECT, "url", true, false,
                List.of("url", "title"), null));
        all.add(visible(FORCE_ACCEPT_DATA_PROCESSING_CONSENT, SettingType.BOOLEAN, false));
        all.add(visible(DATA_PROCESSING_CONSENT_TEXT, SettingType.STRING, ""));
        all.add(visible(VISITORS_CAN_CLOSE_CHAT, SettingType.BOOLEAN, true));
        all.add(visible(LANGUAGE, SettingType.LANGUAGE, ""));
        // Routing.
        all.add(new SettingDefinition(ROUTING_METHOD, SettingType.SELECT, AUTO_SELECTION, true, false,
                List.of("External", AUTO_SELECTION, MANUAL_SELECTION), null));
        all.add(adminOnly(ACCEPT_CHATS_WITH_NO_AGENTS, SettingType.BOOLEAN, true));
        // Omnichannel webhooks to a desk (Rocket.Chat's "CRM integration"): admins only.
        all.add(adminOnly(WEBHOOK_URL, SettingType.STRING, ""));
        all.add(new SettingDefinition(SECRET_TOKEN, SettingType.STRING, "", false, true, List.of(), null));
        all.add(atLeast(adminOnly(HTTP_TIMEOUT, SettingType.INT, 5000), 1));
        for (String event : List.of(WEBHOOK_ON_START, WEBHOOK_ON_CLOSE, WEBHOOK_ON_CHAT_TAKEN,
                WEBHOOK_ON_CHAT_QUEUED, WEBHOOK_ON_FORWARD, WEBHOOK_ON_OFFLINE_MSG, WEBHOOK_ON_VISITOR_MESSAGE,
                WEBHOOK_ON_AGENT_MESSAGE)) {
            all.add(adminOnly(event, SettingType.BOOLEAN, false));
        }
        Map<String, SettingDefinition> byId = new TreeMap<>();
        for (SettingDefinition definition : all) {
            if (byId.put(definition.id(), definition) != null) {
                throw new IllegalStateException("Setting defined twice: " + definition.id());
            }
        }
        return Collections.unmodifiableMap(byId);
    }

    private static SettingDefinition visible(String id, SettingType type, Object defaultValue) {
        return new SettingDefinition(id, type, defaultValue, true, false, List.of(), null);
    }

    private static SettingDefinition adminOnly(String id, SettingType type, Object defaultValue) {
        return new SettingDefinition(id, type, defaultValue, false, false, List.of(), null);
    }

    private static SettingDefinition atLeast(SettingDefinition definition, int min) {
        return new SettingDefinition(definition.id(), definition.type(), definition.defaultValue(),
                definition.visibleToAll(), definition.secret(), definition.values(), min);
    }

    public static Optional<SettingDefinition> find(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }

    /** Every definition, by id. */
    public static Collection<SettingDefinition> all() {
        return BY_ID.values();
    }
}
