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
    /** A system-user access token, for sending (not used yet). */
    static final String ACCESS_TOKEN = "accessToken";
    /** The business phone-number id to send from (not used yet). */
    static final String PHONE_NUMBER_ID = "phoneNumberId";

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
                    .description("System-user access token with whatsapp_business_messaging, for sending replies "
                            + "(reserved: this version only receives).")
                    .build(),
            SettingDefinition.builder(PHONE_NUMBER_ID, SettingType.STRING)
                    .label("Phone number id")
                    .description("The business phone-number id to send from (reserved: this version only receives).")
                    .build());

    private BridgeSettings() {
    }
}
