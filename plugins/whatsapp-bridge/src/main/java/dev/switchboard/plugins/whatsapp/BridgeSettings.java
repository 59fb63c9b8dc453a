package dev.switchboard.plugins.whatsapp;

import dev.switchboard.spi.SettingDefinition;
import dev.switchboard.spi.SettingType;
import java.util.List;

/** The bridge's setting ids and definitions. */
final class BridgeSettings {

    /** The token Meta echoes in the GET verification handshake ({@code hub.verify_token}). */
    static final String VERIFY_TOKEN = "verifyToken";
    /** The Meta app's App Secret, the key of {@code X-Hub-Signature-256}. */
    static final String APP_SECRET = "appSecret";
    /** A system-user access token, the bearer token of every Graph API call. */
    static final String ACCESS_TOKEN = "accessToken";
    /** The business phone-number id to send from when the visitor's own messages do not name one. */
    static final String PHONE_NUMBER_ID = "phoneNumberId";
    /** The Graph API's base URL (tests point it at loopback). */
    static final String GRAPH_BASE_URL = "graphBaseUrl";
    /** The Graph API version in the path, e.g. {@code v24.0}. */
    static final String GRAPH_API_VERSION = "graphApiVersion";
    /** Messages a second each business number may send (Meta's throughput limit). */
    static final String MESSAGES_PER_SECOND = "messagesPerSecond";
    /** Hours a processed delivery's raw body is kept; 0 removes it once processed. */
    static final String INBOX_RETENTION_HOURS = "inboxRetentionHours";

    static final List<SettingDefinition> DEFINITIONS = List.of(
            SettingDefinition.builder(VERIFY_TOKEN, SettingType.STRING).required().secret()
                    .label("Verify token")
                    .description("Any string you choose; enter the same value as the Verify token of the webhook "
                            + "in the Meta App Dashboard (WhatsApp > Configuration).")
                    .build(),
            SettingDefinition.builder(APP_SECRET, SettingType.STRING).required().secret()
                    .label("App secret")
                    .description("The App Secret of the Meta app (App settings > Basic). Every POST must carry "
                            + "X-Hub-Signature-256 computed with it.")
                    .build(),
            SettingDefinition.builder(ACCESS_TOKEN, SettingType.STRING).secret()
                    .label("Access token")
                    .description("System-user access token with whatsapp_business_messaging. Agents' replies are "
                            + "sent with it; without it they fail with a reason.")
                    .build(),
            SettingDefinition.builder(PHONE_NUMBER_ID, SettingType.STRING)
                    .label("Phone number id")
                    .description("The business phone-number id to answer from when the visitor's messages did not "
                            + "name the number they wrote to.")
                    .build(),
            SettingDefinition.builder(GRAPH_BASE_URL, SettingType.STRING).defaultValue("https://graph.facebook.com")
                    .label("Graph API base URL")
                    .description("Scheme and host of the Graph API, without a trailing slash.")
                    .build(),
            SettingDefinition.builder(GRAPH_API_VERSION, SettingType.STRING).defaultValue("v24.0")
                    .label("Graph API version")
                    .description("The version segment of the Graph API path, e.g. v24.0.")
                    .build(),
            SettingDefinition.builder(MESSAGES_PER_SECOND, SettingType.INTEGER).defaultValue("80")
                    .label("Messages per second")
                    .description("How many messages a second each business number may send (Meta's throughput "
                            + "limit: 80 by default). Replies beyond it wait and are sent later.")
                    .build(),
            SettingDefinition.builder(INBOX_RETENTION_HOURS, SettingType.INTEGER).defaultValue("0")
                    .label("Inbox retention (hours)")
                    .description("How long the raw body of a processed delivery is kept (under inbox-done/) for "
                            + "inspection; 0 removes it as soon as its messages are in their rooms.")
                    .build());

    private BridgeSettings() {
    }
}
