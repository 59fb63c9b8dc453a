package dev.switchboard.plugins.whatsapp;

import static dev.switchboard.plugins.whatsapp.DeliveryParser.map;
import static dev.switchboard.plugins.whatsapp.DeliveryParser.maps;
import static dev.switchboard.plugins.whatsapp.DeliveryParser.str;

import dev.switchboard.spi.JsonCodec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Cloud API's send call, {@code POST {base}/{version}/{phone-number-id}/messages}: the request body for an
 * agent's text, and what the answer means. Stateless.
 *
 * <p><b>Addressing (Meta's 2026 contract).</b> A phone goes in {@code to}; a BSUID (or parent BSUID) goes in
 * {@code recipient}, never in {@code to} (Graph would read its digits as a phone number, answer 200 and drop the
 * message). {@code recipient_type} stays {@code individual}.
 */
final class GraphMessages {

    /**
     * Meta's codes that mean "not now": throughput (130429), the pair rate limit of one user (131056), the
     * account's rate limit (80007), application throttling (4), and temporary service errors (1, 2, 131016).
     */
    static final Set<Integer> RETRY_LATER = Set.of(130429, 131056, 80007, 4, 1, 2, 131016);
    private static final Pattern CODE_PREFIX = Pattern.compile("^\\(#\\d+\\)\\s*");

    private GraphMessages() {
    }

    /** Whom a message goes to: {@code to} (phone digits) or {@code recipient} (a BSUID), exactly one set. */
    record Recipient(String phoneDigits, String bsuid) {
    }

    /**
     * The JSON body of a text message.
     *
     * @param recipient whom to send it to
     * @param text      the agent's text
     * @param replyTo   the wamid the message quotes ({@code context.message_id}), or null
     */
    static Map<String, Object> text(Recipient recipient, String text, String replyTo) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messaging_product", "whatsapp");
        body.put("recipient_type", "individual");
        if (recipient.phoneDigits() != null) {
            body.put("to", recipient.phoneDigits());
        } else {
            body.put("recipient", recipient.bsuid());
        }
        if (replyTo != null) {
            body.put("context", Map.of("message_id", replyTo));
        }
        body.put("type", "text");
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("preview_url", false);
        content.put("body", text);
        body.put("text", content);
        return body;
    }

    /** What an answer of the send call means. */
    sealed interface Outcome permits Accepted, RetryLater, Rejected {
    }

    /** Meta accepted the message; {@code wamid} names it in later status webhooks. */
    record Accepted(String wamid) implements Outcome {
    }

    /** Not now (rate limits, temporary errors): send it again later. */
    record RetryLater(String reason) implements Outcome {
    }

    /** Meta refused the message: its error code and title (and {@code error_data.details}). */
    record Rejected(int code, String title, String details) implements Outcome {
    }

    /**
     * Reads an answer of the send call.
     *
     * @param status the HTTP status
     * @param body   the answer's body (may be empty or not JSON)
     */
    static Outcome outcome(int status, byte[] body, JsonCodec json) {
        Map<String, Object> root = parse(body, json);
        if (status >= 200 && status < 300) {
            for (Map<String, Object> message : maps(root == null ? null : root.get("messages"))) {
                String wamid = str(message, "id");
                if (wamid != null) {
                    return new Accepted(wamid);
                }
            }
            return new Rejected(0, "Graph API answered " + status + " without a message id", null);
        }
        Map<String, Object> error = map(root == null ? null : root.get("error"));
        int code = error != null && error.get("code") instanceof Number n ? n.intValue() : 0;
        String message = str(error, "message");
        String title = DeliveryParser.firstNonNull(str(error, "error_user_title"),
                message == null ? null : CODE_PREFIX.matcher(message).replaceFirst(""));
        if (status == 429 || status >= 500 || RETRY_LATER.contains(code)) {
            return new RetryLater(code == 0 ? "Graph API answered " + status : "(#" + code + ") " + title);
        }
        return new Rejected(code, title == null ? "Graph API answered " + status : title,
                str(map(error == null ? null : error.get("error_data")), "details"));
    }

    private static Map<String, Object> parse(byte[] body, JsonCodec json) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return json.parseObject(body);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
