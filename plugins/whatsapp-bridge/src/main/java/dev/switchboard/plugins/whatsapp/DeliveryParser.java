package dev.switchboard.plugins.whatsapp;

import dev.switchboard.plugins.whatsapp.Delivery.Event;
import dev.switchboard.plugins.whatsapp.Delivery.IdChange;
import dev.switchboard.plugins.whatsapp.Delivery.Pairing;
import dev.switchboard.plugins.whatsapp.Delivery.Sender;
import dev.switchboard.plugins.whatsapp.Delivery.Status;
import dev.switchboard.spi.ChannelError;
import dev.switchboard.spi.Conversations;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a parsed Cloud API webhook body (maps and lists from {@code JsonCodec}) into a {@link Delivery}. Reads
 * every {@code entry[]}, {@code changes[]}, {@code contacts[]}, {@code messages[]} and {@code statuses[]} item;
 * items of an unexpected type are skipped, never fatal. Stateless and thread-safe.
 */
final class DeliveryParser {

    static final String OBJECT = "whatsapp_business_account";

    /** A phone as Meta sends it: digits, optionally with '+', spaces, dashes or parentheses; no letters or dots. */
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()\\-]{3,30}");
    /** Entity ids are stored verbatim; this only rejects what cannot be one. */
    private static final int MAX_ID_LENGTH = 190;

    private DeliveryParser() {
    }

    static Delivery parse(Map<String, Object> root) {
        List<Event> events = new ArrayList<>();
        List<Pairing> pairings = new ArrayList<>();
        List<Status> statuses = new ArrayList<>();
        int ignored = 0;
        if (!OBJECT.equals(root.get("object"))) {
            return new Delivery(events, pairings, statuses, 1);
        }
        for (Map<String, Object> entry : maps(root.get("entry"))) {
            for (Map<String, Object> change : maps(entry.get("changes"))) {
                Object field = change.get("field");
                Map<String, Object> value = map(change.get("value"));
                if (value == null) {
                    ignored++;
                } else if ("messages".equals(field)) {
                    readStatuses(value, statuses);
                    readMessages(value, events);
                    readPairings(value, pairings);
                    if (value.containsKey("user_id_update")) {
                        readUserIdUpdates(value, events);
                    }
                } else if ("user_id_update".equals(field)) {
                    readUserIdUpdates(value, events);
                } else {
                    ignored++;
                }
            }
        }
        return new Delivery(events, pairings, statuses, ignored);
    }

    private static void readMessages(Map<String, Object> value, List<Event> events) {
        String phoneNumberId = str(map(value.get("metadata")), "phone_number_id");
        String businessPhone = str(map(value.get("metadata")), "display_phone_number");
        List<Map<String, Object>> contacts = maps(value.get("contacts"));
        List<ChannelError> changeErrors = ContentParser.errors(value.get("errors"));
        for (Map<String, Object> message : maps(value.get("messages"))) {
            String from = str(message, "from");
            String fromUserId = id(str(message, "from_user_id"));
            Map<String, Object> contact = contactFor(contacts, fromUserId, phoneDigits(from));
            Map<String, Object> profile = contact == null ? null : map(contact.get("profile"));
            String bsuid = fromUserId != null ? fromUserId : id(str(contact, "user_id"));
            String parent = firstNonNull(id(str(message, "from_parent_user_id")), id(str(contact, "parent_user_id")));
            String phone = firstNonNull(phoneDigits(from), phoneDigits(str(contact, "wa_id")), sharedPhone(message));
            Sender sender = new Sender(bsuid, parent, phone, str(profile, "name"), str(profile, "username"),
                    profile != null);
            String type = str(message, "type");
            IdChange change = "system".equals(type) ? systemChange(map(message.get("system")), sender) : null;
            events.add(new Event(wamid(str(message, "id")), str(message, "timestamp"), type, phoneNumberId, sender,
                    change, businessPhone, ContentParser.parse(message, changeErrors)));
        }
    }

    private static void readStatuses(Map<String, Object> value, List<Status> statuses) {
        String phoneNumberId = str(map(value.get("metadata")), "phone_number_id");
        for (Map<String, Object> status : maps(value.get("statuses"))) {
            String wamid = wamid(str(status, "id"));
            String state = str(status, "status");
            if (wamid != null && state != null) {
                statuses.add(new Status(wamid, state, str(status, "timestamp"), id(str(status, "recipient_user_id")),
                        phoneDigits(str(status, "recipient_id")), phoneNumberId,
                        ContentParser.errors(status.get("errors"))));
            }
        }
    }

    private static void readPairings(Map<String, Object> value, List<Pairing> pairings) {
        for (Map<String, Object> status : maps(value.get("statuses"))) {
            addPairing(pairings, phoneDigits(str(status, "recipient_id")), id(str(status, "recipient_user_id")),
                    id(firstNonNull(str(status, "recipient_parent_user_id"), str(status, "parent_recipient_user_id"))));
        }
        if (list(value.get("messages")).isEmpty()) {
            for (Map<String, Object> contact : maps(value.get("contacts"))) {
                addPairing(pairings, phoneDigits(str(contact, "wa_id")), id(str(contact, "user_id")),
                        id(str(contact, "parent_user_id")));
            }
        }
    }

    private static void addPairing(List<Pairing> pairings, String digits, String bsuid, String parent) {
        if (digits != null && bsuid != null) {
            pairings.add(new Pairing(digits, bsuid, parent));
        }
    }

    private static Map<String, Object> contactFor(List<Map<String, Object>> contacts, String bsuid, String digits) {
        if (bsuid != null) {
            for (Map<String, Object> c : contacts) {
                if (bsuid.equals(id(str(c, "user_id")))) {
                    return c;
                }
            }
        }
        if (digits != null) {
            for (Map<String, Object> c : contacts) {
                if (digits.equals(phoneDigits(str(c, "wa_id")))) {
                    return c;
                }
            }
        }
        if (contacts.size() == 1) {
            Map<String, Object> only = contacts.get(0);
            String otherId = id(str(only, "user_id"));
            String otherPhone = phoneDigits(str(only, "wa_id"));
            // The single contact describes the sender unless it names someone else.
            if ((bsuid == null || otherId == null || bsuid.equals(otherId))
                    && (digits == null || otherPhone == null || digits.equals(otherPhone))) {
                return only;
            }
        }
        return null;
    }

    private static IdChange systemChange(Map<String, Object> system, Sender sender) {
        if (system == null) {
            return null;
        }
        String kind = str(system, "type");
        // Both system types carry previous_user_id / previous_parent_user_id beside the new values since Meta's
        // changelog of 11 Aug 2026 (developers.facebook.com/documentation/business-messaging/whatsapp/changelog);
        // chatwoot/chatwoot spec/services/whatsapp/user_id_rotation_service_spec.rb sends user_changed_number
        // with previous_user_id / user_id / wa_id and no "from". Older payloads name the old id only in the
        // message's from_user_id / from_parent_user_id.
        String oldBsuid = firstNonNull(id(str(system, "previous_user_id")), sender.bsuid());
        String oldParent = firstNonNull(id(str(system, "previous_parent_user_id")), sender.parentBsuid());
        if ("user_changed_number".equals(kind) || "customer_changed_number".equals(kind)) {
            String oldPhone = firstNonNull(sender.phoneDigits(), phoneDigits(str(system, "customer")));
            String newPhone = firstNonNull(phoneDigits(str(system, "wa_id")), phoneDigits(str(system, "new_wa_id")));
            return new IdChange("user_changed_number", oldBsuid, oldParent, oldPhone,
                    id(str(system, "user_id")), id(str(system, "parent_user_id")), newPhone);
        }
        if ("user_changed_user_id".equals(kind)) {
            return new IdChange(kind, oldBsuid, oldParent, sender.phoneDigits(), id(str(system, "user_id")),
                    id(str(system, "parent_user_id")), null);
        }
        return null;
    }

    /**
     * The phone a user shares by answering a {@code REQUEST_CONTACT_INFO} button: a {@code contacts} message
     * whose contact has {@code origin: "contact_request"} and {@code phones[].wa_id} / {@code phones[].phone}
     * (shape as in chatwoot/chatwoot spec/services/whatsapp/contact_info_response_service_spec.rb). That phone is
     * the sender's own. An ordinary shared contact (any other origin) is someone else's and is never read.
     */
    private static String sharedPhone(Map<String, Object> message) {
        for (Map<String, Object> contact : maps(message.get("contacts"))) {
            if ("contact_request".equals(str(contact, "origin"))) {
                for (Map<String, Object> phone : maps(contact.get("phones"))) {
                    String digits = firstNonNull(phoneDigits(str(phone, "wa_id")), phoneDigits(str(phone, "phone")));
                    if (digits != null) {
                        return digits;
                    }
                }
            }
        }
        return null;
    }

    /**
     * Reads {@code user_id_update} items: {@code value.user_id_update[]} (or a single object there) or the value
     * itself. The nested form carries the ids as objects, {@code "user_id": {"previous": …, "current": …}} and
     * the same for {@code parent_user_id}, beside {@code wa_id}, {@code detail} and {@code timestamp} (as in public
     * bridges' {@code user_id_update} webhook samples and tests; Meta no longer delivers the field to subscribed
     * apps, but providers may forward it). The flat form ({@code previous_user_id}/{@code old_user_id} → {@code user_id}/
     * {@code new_user_id}, and the parent variants) is still read.
     */
    private static void readUserIdUpdates(Map<String, Object> value, List<Event> events) {
        String phoneNumberId = str(map(value.get("metadata")), "phone_number_id");
        Object nested = value.get("user_id_update");
        List<Map<String, Object>> items = nested instanceof Map ? List.of(map(nested))
                : nested instanceof List ? maps(nested) : List.of(value);
        for (Map<String, Object> item : items) {
            Map<String, Object> user = map(item.get("user_id"));
            Map<String, Object> parent = map(item.get("parent_user_id"));
            String oldId = id(firstNonNull(str(user, "previous"), str(item, "previous_user_id"), str(item, "old_user_id")));
            String newId = id(firstNonNull(str(user, "current"), str(item, "user_id"), str(item, "new_user_id")));
            if (oldId == null && newId == null) {
                continue;
            }
            String oldParent = id(firstNonNull(str(parent, "previous"), str(item, "previous_parent_user_id"),
                    str(item, "old_parent_user_id")));
            String newParent = id(firstNonNull(str(parent, "current"), str(item, "parent_user_id"),
                    str(item, "new_parent_user_id")));
            String phone = phoneDigits(str(item, "wa_id"));
            Sender sender = new Sender(oldId, oldParent, phone, null, null, false);
            events.add(new Event(null, str(item, "timestamp"), "user_id_update", phoneNumberId, sender,
                    new IdChange("user_id_update", oldId, oldParent, phone, newId, newParent, null), null, null));
        }
    }

    /**
     * Returns the digits of a phone number, or null when the value is absent or does not look like a phone
     * number (so a BSUID such as {@code BR.1502576394655843} never becomes a phone).
     */
    static String phoneDigits(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (!PHONE.matcher(trimmed).matches()) {
            return null;
        }
        String digits = trimmed.replaceAll("[^0-9]", "");
        return digits.length() >= 5 && digits.length() <= 20 ? digits : null;
    }

    /** Returns a BSUID-like id verbatim, or null when it cannot be one ({@link #token}). */
    static String id(String value) {
        return token(value, MAX_ID_LENGTH);
    }

    /** Returns a message id (wamid) verbatim, or null when it cannot be one ({@link #token}). */
    static String wamid(String value) {
        return token(value, Conversations.MAX_CHANNEL_MESSAGE_ID_LENGTH);
    }

    /**
     * {@code value} trimmed, or null when blank, longer than {@code maxLength}, holding whitespace or a lone
     * surrogate (which no store keeps as it came: an item with such an id could never be found again).
     */
    private static String token(String value, int maxLength) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.isEmpty() || trimmed.length() > maxLength || trimmed.chars().anyMatch(Character::isWhitespace)
                || !StandardCharsets.UTF_8.newEncoder().canEncode(trimmed)) { // false for a lone surrogate
            return null;
        }
        return trimmed;
    }

    static String str(Map<String, Object> map, String key) {
        if (map == null) {
            return null;
        }
        Object v = map.get(key);
        if (v instanceof String s) {
            return s.isEmpty() ? null : s;
        }
        if (v instanceof Number n) {
            return n.toString();
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : null;
    }

    static List<Object> list(Object value) {
        if (value instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        return List.of();
    }

    static List<Map<String, Object>> maps(Object value) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object item : list(value)) {
            Map<String, Object> m = map(item);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    @SafeVarargs
    static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
