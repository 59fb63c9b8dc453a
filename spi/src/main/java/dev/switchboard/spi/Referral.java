package dev.switchboard.spi;

import java.util.Map;

/**
 * Where a visitor came from when the message answers an advertisement or a post (WhatsApp's {@code referral}).
 *
 * @param sourceType what was clicked, for example {@code "ad"} or {@code "post"}, or null
 * @param sourceId   the channel's id of it, or null
 * @param sourceUrl  its URL, or null
 * @param headline   its headline, or null
 * @param body       its text, or null
 * @param details    further channel data (media URLs, click ids), JSON-like as {@link ExternalId}'s metadata;
 *                   never null
 * @since 1.4.0
 */
public record Referral(String sourceType, String sourceId, String sourceUrl, String headline, String body,
                       Map<String, Object> details) {

    /**
     * Normalises and copies the components.
     *
     * @param sourceType the sourceType component; blank becomes null
     * @param sourceId the sourceId component; blank becomes null
     * @param sourceUrl the sourceUrl component; blank becomes null
     * @param headline the headline component; blank becomes null
     * @param body the body component; blank becomes null
     * @param details the details component; null becomes empty
     * @throws NullPointerException     if details hold a null key or list element
     * @throws IllegalArgumentException if details hold an unsupported value
     */
    public Referral {
        sourceType = Checks.blankToNull(sourceType);
        sourceId = Checks.blankToNull(sourceId);
        sourceUrl = Checks.blankToNull(sourceUrl);
        headline = Checks.blankToNull(headline);
        body = Checks.blankToNull(body);
        details = JsonValues.copyObject(details, "details");
    }
}
