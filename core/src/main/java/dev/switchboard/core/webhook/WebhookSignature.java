package dev.switchboard.core.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Switchboard-Signature} header: {@code sha256=} and the lower-case hex HMAC-SHA256 of the raw request
 * body, keyed by {@code Livechat_secret_token} (UTF-8). A receiver recomputes it over the bytes it got and compares
 * in constant time.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-Switchboard-Signature";
    private static final String PREFIX = "sha256=";

    private WebhookSignature() { }

    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
