package dev.switchboard.core.http;

import static dev.switchboard.core.settings.SettingDefinitions.*;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.department.Department;
import dev.switchboard.core.settings.Settings;
import dev.switchboard.core.visitor.Visitor;
import dev.switchboard.core.widget.OpenRoomLookup;
import dev.switchboard.core.widget.WidgetConfig;
import java.io.IOException;

/**
 * Writes the widget's configuration in the shape of Rocket.Chat 8.4's {@code livechat/config}
 * ({@code api/lib/livechat.ts} {@code settings()} plus {@code online}, {@code guest}, {@code room},
 * {@code agent}). Features the host does not have are written as off: file upload, video calls, e-mailed
 * transcripts; Enterprise-only values Rocket.Chat leaves out on a Community server are left out here too.
 */
final class WidgetConfigJson {
    private static final String[] SURVEY_ITEMS =
            {"satisfaction", "agentKnowledge", "agentResposiveness", "agentFriendliness"};

    private WidgetConfigJson() { }

    static void write(JsonGenerator json, WidgetConfig config, String soundUrl) throws IOException {
        Settings settings = config.settings();
        json.writeBooleanField("enabled", settings.bool(ENABLED));
        writeSettings(json, settings);
        writeTheme(json, settings);
        writeMessages(json, settings);
        json.writeObjectFieldStart("survey");
        json.writeArrayFieldStart("items");
        for (String item : SURVEY_ITEMS) {
            json.writeString(item);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("values");
        for (int value = 1; value <= 5; value++) {
            json.writeString(Integer.toString(value));
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeArrayFieldStart("triggers");
        json.writeEndArray();
        json.writeArrayFieldStart("departments");
        for (Department department : config.departments()) {
            json.writeStartObject();
            json.writeStringField("_id", department.id());
            json.writeStringField("name", department.name());
            json.writeBooleanField("showOnRegistration", department.showOnRegistration());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeObjectFieldStart("resources");
        json.writeStringField("sound", soundUrl);
        json.writeArrayFieldStart("emojis");
        json.writeEndArray();
        json.writeEndObject();
        json.writeBooleanField("online", config.online());
        if (config.guest() != null) {
            writeGuest(json, config.guest());
        }
        if (config.room() != null) {
            writeRoom(json, config.room());
            if (config.room().servedBy() != null) {
                writeAgent(json, config.room().servedBy(), settings);
            }
        }
    }

    private static void writeSettings(JsonGenerator json, Settings settings) throws IOException {
        json.writeObjectFieldStart("settings");
        json.writeBooleanField("registrationForm", settings.bool(REGISTRATION_FORM));
        json.writeBooleanField("allowSwitchingDepartments", settings.bool(ALLOW_SWITCHING_DEPARTMENTS));
        json.writeBooleanField("nameFieldRegistrationForm", settings.bool(NAME_FIELD_REGISTRATION_FORM));
        json.writeBooleanField("emailFieldRegistrationForm", settings.bool(EMAIL_FIELD_REGISTRATION_FORM));
        json.writeBooleanField("displayOfflineForm", settings.bool(DISPLAY_OFFLINE_FORM));
        json.writeBooleanField("videoCall", false);
        json.writeBooleanField("fileUpload", false);
        json.writeStringField("language", settings.text(LANGUAGE));
        json.writeBooleanField("transcript", false);
        json.writeStringField("historyMonitorType", settings.text(HISTORY_MONITOR_TYPE));
        json.writeBooleanField("forceAcceptDataProcessingConsent",
                settings.bool(FORCE_ACCEPT_DATA_PROCESSING_CONSENT));
        json.writeBooleanField("showConnecting", MANUAL_SELECTION.equals(settings.text(ROUTING_METHOD)));
        json.writeBooleanField("agentHiddenInfo", !settings.bool(SHOW_AGENT_INFO));
        json.writeBooleanField("clearLocalStorageWhenChatEnded", settings.bool(CLEAR_LOCAL_STORAGE_WHEN_CHAT_ENDED));
        // Rocket.Chat: enabled && (limit || Message_MaxAllowedSize), so false when the limit is off.
        if (settings.bool(ENABLE_MESSAGE_CHARACTER_LIMIT)) {
            int limit = settings.integer(MESSAGE_CHARACTER_LIMIT);
            json.writeNumberField("limitTextLength", limit != 0 ? limit : settings.integer(MESSAGE_MAX_ALLOWED_SIZE));
        } else {
            json.writeBooleanField("limitTextLength", false);
        }
        json.writeBooleanField("hideWatermark", false);
        json.writeBooleanField("visitorsCanCloseChat", settings.bool(VISITORS_CAN_CLOSE_CHAT));
        json.writeEndObject();
    }

    private static void writeTheme(JsonGenerator json, Settings settings) throws IOException {
        json.writeObjectFieldStart("theme");
        texts(json, settings, "title", TITLE, "color", TITLE_COLOR, "offlineTitle", OFFLINE_TITLE,
                "offlineColor", OFFLINE_TITLE_COLOR);
        json.writeStringField("position", "right");
        json.writeObjectFieldStart("actionLinks");
        json.writeArrayFieldStart("webrtc");
        json.writeStartObject();
        json.writeStringField("actionLinksAlignment", "flex-start");
        json.writeStringField("i18nLabel", "Join_call");
        json.writeStringField("label", "Join call");
        json.writeStringField("method_id", "joinLivechatWebRTCCall");
        json.writeEndObject();
        json.writeStartObject();
        json.writeStringField("i18nLabel", "End_call");
        json.writeStringField("label", "End call");
        json.writeStringField("method_id", "endLivechatWebRTCCall");
        json.writeBooleanField("danger", true);
        json.writeEndObject();
        json.writeEndArray();
        json.writeArrayFieldStart("jitsi");
        actionLink(json, "icon-videocam", "Accept");
        actionLink(json, "icon-cancel", "Decline");
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void actionLink(JsonGenerator json, String icon, String label) throws IOException {
        json.writeStartObject();
        json.writeStringField("icon", icon);
        json.writeStringField("i18nLabel", label);
        json.writeEndObject();
    }

    private static void writeMessages(JsonGenerator json, Settings settings) throws IOException {
        json.writeObjectFieldStart("messages");
        texts(json, settings, "offlineMessage", OFFLINE_MESSAGE, "offlineSuccessMessage", OFFLINE_SUCCESS_MESSAGE,
                "offlineUnavailableMessage", OFFLINE_FORM_UNAVAILABLE,
                "conversationFinishedMessage", CONVERSATION_FINISHED_MESSAGE,
                "conversationFinishedText", CONVERSATION_FINISHED_TEXT);
        json.writeStringField("transcriptMessage", "");
        texts(json, settings, "registrationFormMessage", REGISTRATION_FORM_MESSAGE,
                "dataProcessingConsentText", DATA_PROCESSING_CONSENT_TEXT);
        json.writeEndObject();
    }

    /** Writes string settings: {@code fieldsAndIds} alternates a JSON field name and the setting id it shows. */
    private static void texts(JsonGenerator json, Settings settings, String... fieldsAndIds) throws IOException {
        for (int i = 0; i < fieldsAndIds.length; i += 2) {
            json.writeStringField(fieldsAndIds[i], settings.text(fieldsAndIds[i + 1]));
        }
    }

    /** Rocket.Chat's {@code findGuestWithoutActivity} projection: name, username, token, e-mails, department. */
    private static void writeGuest(JsonGenerator json, Visitor guest) throws IOException {
        json.writeObjectFieldStart("guest");
        json.writeStringField("_id", guest.id());
        VisitorJson.writeIfPresent(json, "name", guest.name());
        VisitorJson.writeIfPresent(json, "username", guest.username());
        VisitorJson.writeIfPresent(json, "token", guest.token());
        VisitorJson.oneItemArray(json, "visitorEmails", "address", guest.email());
        VisitorJson.writeIfPresent(json, "department", guest.department());
        json.writeEndObject();
    }

    /** Rocket.Chat's {@code findOpenRoom} projection: departmentId, servedBy, open. */
    private static void writeRoom(JsonGenerator json, OpenRoomLookup.OpenRoom room) throws IOException {
        json.writeObjectFieldStart("room");
        json.writeStringField("_id", room.id());
        VisitorJson.writeIfPresent(json, "departmentId", room.departmentId());
        if (room.servedBy() != null) {
            json.writeObjectFieldStart("servedBy");
            json.writeStringField("_id", room.servedBy().id());
            json.writeStringField("username", room.servedBy().username());
            json.writeEndObject();
        }
        json.writeBooleanField("open", true);
        json.writeEndObject();
    }

    /** Rocket.Chat's {@code normalizeAgent}: {@code {hiddenInfo:true}} unless agent info is shown. */
    private static void writeAgent(JsonGenerator json, OpenRoomLookup.ServingAgent agent, Settings settings)
            throws IOException {
        json.writeObjectFieldStart("agent");
        if (!settings.bool(SHOW_AGENT_INFO)) {
            json.writeBooleanField("hiddenInfo", true);
        } else {
            json.writeStringField("_id", agent.id());
            VisitorJson.writeIfPresent(json, "name", agent.name());
            VisitorJson.writeIfPresent(json, "username", agent.username());
            VisitorJson.writeIfPresent(json, "status", agent.status());
            VisitorJson.oneItemArray(json, "phone", "phoneNumber", agent.phone());
            if (settings.bool(SHOW_AGENT_EMAIL)) {
                VisitorJson.oneItemArray(json, "emails", "address", agent.email());
            }
        }
        json.writeEndObject();
    }
}
